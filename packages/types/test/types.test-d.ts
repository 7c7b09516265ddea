import { describe, expectTypeOf, it } from "vitest";
import type {
  Access,
  CreateUserGroupBody,
  FailureEnvelope,
  ListMembersQuery,
  ListUserGroupsQuery,
  Member,
  MemberDetail,
  MemberIdentifier,
  OperationId,
  operations,
  Policy,
  PolicyInput,
  PolicyResourceGroup,
  paths,
  ResourceGroupScope,
  ResponseMessage,
  ResultInfo,
  SortDirection,
  SuccessEnvelope,
  UpdateUserGroupBody,
  UserGroup,
} from "../src/index.js";

const id = "023e105f4ecef8ad9ca31a8372d0c353";
const policy: PolicyInput = {
  access: "allow",
  permission_groups: [{ id }],
  resource_groups: [{ id }],
};

type JsonBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { "application/json": infer Body } };
}
  ? Body
  : never;
type JsonResult<Op extends OperationId> = operations[Op]["responses"][200]["content"]["application/json"];

describe("required and optional fields", () => {
  it("a user group always has id, name and timestamps; policies may be absent", () => {
    expectTypeOf<UserGroup>().toHaveProperty("id").toEqualTypeOf<string>();
    expectTypeOf<UserGroup>().toHaveProperty("name").toEqualTypeOf<string>();
    expectTypeOf<UserGroup>().toHaveProperty("created_on").toEqualTypeOf<string>();
    expectTypeOf<Pick<UserGroup, "policies">>().toEqualTypeOf<{ policies?: Policy[] }>();
    expectTypeOf<{
      id: string;
      name: string;
      created_on: string;
      modified_on: string;
    }>().toExtend<UserGroup>();
    // @ts-expect-error - modified_on is required
    const incomplete: UserGroup = { id, name: "Auditors", created_on: "2024-03-01T12:21:02Z" };
    void incomplete;
  });

  it("a member needs only its id", () => {
    expectTypeOf<{ id: string }>().toExtend<Member>();
    expectTypeOf<Member["status"]>().toEqualTypeOf<"accepted" | "pending" | undefined>();
    expectTypeOf<MemberDetail>().toExtend<Member>();
    expectTypeOf<NonNullable<MemberDetail["user"]>>().toHaveProperty("first_name");
  });

  it("create requires a name; policies are optional but complete", () => {
    expectTypeOf<{ name: string }>().toExtend<CreateUserGroupBody>();
    // @ts-expect-error - name is required
    const nameless: CreateUserGroupBody = { policies: [] };
    const partial: CreateUserGroupBody = {
      name: "x",
      // @ts-expect-error - a policy needs resource_groups
      policies: [{ access: "allow", permission_groups: [] }],
    };
    const complete: CreateUserGroupBody = { name: "x", policies: [policy] };
    void [nameless, partial, complete];
  });

  it("result_info has all four counters, and total_pages when Cloudflare sends it", () => {
    expectTypeOf<ResultInfo>().toEqualTypeOf<{
      count: number;
      page: number;
      per_page: number;
      total_count: number;
      total_pages?: number;
    }>();
  });
});

describe("literal unions", () => {
  it("access is allow or deny", () => {
    expectTypeOf<Access>().toEqualTypeOf<"allow" | "deny">();
    // @ts-expect-error - "maybe" is not an access value
    const maybe: Access = "maybe";
    void maybe;
  });

  it("direction is asc or desc on both lists", () => {
    expectTypeOf<SortDirection>().toEqualTypeOf<"asc" | "desc">();
    expectTypeOf<ListUserGroupsQuery["direction"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
    expectTypeOf<ListMembersQuery["direction"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
  });
});

describe("member bodies", () => {
  it("add and replace take a bare array of {id}", () => {
    expectTypeOf<JsonBody<"addUserGroupMembers">>().toEqualTypeOf<MemberIdentifier[]>();
    expectTypeOf<JsonBody<"replaceUserGroupMembers">>().toEqualTypeOf<MemberIdentifier[]>();
    // @ts-expect-error - the body is the array itself, not wrapped in an object
    const wrapped: JsonBody<"addUserGroupMembers"> = { members: [{ id }] };
    void wrapped;
  });
});

describe("update", () => {
  it("requires nothing at the top level", () => {
    const empty: UpdateUserGroupBody = {};
    void empty;
    expectTypeOf<JsonBody<"updateUserGroup">>().toEqualTypeOf<UpdateUserGroupBody>();
  });

  it("requires an id on every policy", () => {
    const withId: UpdateUserGroupBody = { policies: [{ ...policy, id }] };
    // @ts-expect-error - an update policy needs the id of the policy it replaces
    const withoutId: UpdateUserGroupBody = { policies: [policy] };
    void [withId, withoutId];
  });
});

describe("query parameters", () => {
  it("use the wire names fuzzyName and fuzzyEmail", () => {
    expectTypeOf<keyof ListUserGroupsQuery>().toEqualTypeOf<
      "id" | "name" | "fuzzyName" | "direction" | "page" | "per_page"
    >();
    expectTypeOf<keyof ListMembersQuery>().toEqualTypeOf<"fuzzyEmail" | "direction" | "page" | "per_page">();
    // @ts-expect-error - the wire name is fuzzyName, not the Python SDK's fuzzy_name
    const snake: ListUserGroupsQuery = { fuzzy_name: "audit" };
    void snake;
  });

  it("are all optional", () => {
    const none: [ListUserGroupsQuery, ListMembersQuery] = [{}, {}];
    void none;
    expectTypeOf<ListUserGroupsQuery["page"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("envelopes", () => {
  it("every success response is a success envelope of its result, result_info on lists only", () => {
    // Equality, not toExtend: `any` extends everything. `.branded` flattens the spec's allOf intersections.
    type Envelope<Result> = {
      success: true;
      errors: ResponseMessage[];
      messages: ResponseMessage[];
      result: Result;
    };
    type ListEnvelope<Item> = Envelope<Item[]> & { result_info: ResultInfo };
    expectTypeOf<JsonResult<"listUserGroups">>().branded.toEqualTypeOf<ListEnvelope<UserGroup>>();
    expectTypeOf<JsonResult<"getUserGroup">>().branded.toEqualTypeOf<Envelope<UserGroup>>();
    expectTypeOf<JsonResult<"createUserGroup">>().branded.toEqualTypeOf<Envelope<UserGroup>>();
    expectTypeOf<JsonResult<"updateUserGroup">>().branded.toEqualTypeOf<Envelope<UserGroup>>();
    expectTypeOf<JsonResult<"deleteUserGroup">>().branded.toEqualTypeOf<Envelope<{ id: string }>>();
    expectTypeOf<JsonResult<"listUserGroupMembers">>().branded.toEqualTypeOf<ListEnvelope<Member>>();
    expectTypeOf<JsonResult<"getUserGroupMember">>().branded.toEqualTypeOf<Envelope<MemberDetail>>();
    expectTypeOf<JsonResult<"addUserGroupMembers">>().branded.toEqualTypeOf<Envelope<Member[]>>();
    expectTypeOf<JsonResult<"replaceUserGroupMembers">>().branded.toEqualTypeOf<Envelope<Member[]>>();
    expectTypeOf<JsonResult<"removeUserGroupMember">>().branded.toEqualTypeOf<Envelope<Member>>();
    // And SuccessEnvelope<T> describes each of them.
    expectTypeOf<JsonResult<"listUserGroups">>().toExtend<SuccessEnvelope<UserGroup[]>>();
    expectTypeOf<JsonResult<"removeUserGroupMember">>().toExtend<SuccessEnvelope<Member>>();
  });

  it("failures are success: false with result: null", () => {
    expectTypeOf<FailureEnvelope["success"]>().toEqualTypeOf<false>();
    expectTypeOf<FailureEnvelope["result"]>().toEqualTypeOf<null>();
    expectTypeOf<SuccessEnvelope<null>["success"]>().toEqualTypeOf<true>();
    expectTypeOf<
      operations["getUserGroup"]["responses"]["4XX"]["content"]["application/json"]
    >().toEqualTypeOf<FailureEnvelope>();
  });

  it("a resource group's scope is one scope or a list", () => {
    expectTypeOf<PolicyResourceGroup["scope"]>().toEqualTypeOf<ResourceGroupScope | ResourceGroupScope[]>();
  });
});

describe("operations and paths", () => {
  it("names the ten operations", () => {
    expectTypeOf<OperationId>().toEqualTypeOf<
      | "listUserGroups"
      | "getUserGroup"
      | "createUserGroup"
      | "updateUserGroup"
      | "deleteUserGroup"
      | "listUserGroupMembers"
      | "getUserGroupMember"
      | "addUserGroupMembers"
      | "replaceUserGroupMembers"
      | "removeUserGroupMember"
    >();
  });

  it("keys paths by Cloudflare's URL templates", () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<
      | "/accounts/{account_id}/iam/user_groups"
      | "/accounts/{account_id}/iam/user_groups/{user_group_id}"
      | "/accounts/{account_id}/iam/user_groups/{user_group_id}/members"
      | "/accounts/{account_id}/iam/user_groups/{user_group_id}/members/{member_id}"
    >();
    expectTypeOf<
      paths["/accounts/{account_id}/iam/user_groups/{user_group_id}/members/{member_id}"]["delete"]
    >().toEqualTypeOf<operations["removeUserGroupMember"]>();
  });
});
