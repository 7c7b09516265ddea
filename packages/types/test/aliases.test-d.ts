// Every named alias against a literal shape written out here, never against the
// alias itself or the generated schema it points to: an alias that became `any`,
// or pointed at the wrong schema, fails. Intersections are compared `.branded`
// (their members flattened), which still tells `any` from a shape.

import { describe, expectTypeOf, it } from "vitest";
import type {
  Access,
  CreateUserGroupBody,
  DeletedUserGroup,
  FailureEnvelope,
  ListMembersQuery,
  ListUserGroupsQuery,
  Member,
  MemberDetail,
  MemberIdentifier,
  MemberStatus,
  OperationId,
  Policy,
  PolicyInput,
  PolicyPermissionGroup,
  PolicyResourceGroup,
  PolicyUpdateInput,
  ResourceGroupScope,
  ResourceGroupScopeObject,
  ResponseMessage,
  ResultInfo,
  SortDirection,
  SuccessEnvelope,
  UpdateUserGroupBody,
  UserGroup,
} from "../src/index.js";

type Message = {
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer?: string };
};
type ScopeObject = { key: string };
type Scope = { key: string; objects: ScopeObject[] };
type PermissionGroup = {
  id: string;
  meta?: {
    key?: string;
    value?: string;
    category?: string;
    deprecated?: string;
    description?: string;
    editable?: string;
    eol_at?: string;
    label?: string;
    scopes?: string;
    visibility?: string;
  };
  name?: string;
};
type ResourceGroup = {
  id: string;
  scope: Scope | Scope[];
  meta?: { key?: string; value?: string };
  name?: string;
};
type ReturnedPolicy = {
  id?: string;
  access?: "allow" | "deny";
  permission_groups?: PermissionGroup[];
  resource_groups?: ResourceGroup[];
};
type WrittenPolicy = {
  access: "allow" | "deny";
  permission_groups: { id: string }[];
  resource_groups: { id: string }[];
};
type Group = {
  id: string;
  name: string;
  created_on: string;
  modified_on: string;
  status?: string;
  policies?: ReturnedPolicy[];
};
type GroupMember = { id: string; email?: string; status?: "accepted" | "pending" };
type Page = { count: number; page: number; per_page: number; total_count: number; total_pages?: number };

describe("every alias is its literal shape", () => {
  it("user groups and their policies", () => {
    expectTypeOf<UserGroup>().toEqualTypeOf<Group>();
    expectTypeOf<Policy>().toEqualTypeOf<ReturnedPolicy>();
    expectTypeOf<PolicyPermissionGroup>().toEqualTypeOf<PermissionGroup>();
    expectTypeOf<PolicyResourceGroup>().toEqualTypeOf<ResourceGroup>();
    expectTypeOf<ResourceGroupScope>().toEqualTypeOf<Scope>();
    expectTypeOf<ResourceGroupScopeObject>().toEqualTypeOf<ScopeObject>();
    expectTypeOf<Access>().toEqualTypeOf<"allow" | "deny">();
    expectTypeOf<DeletedUserGroup>().toEqualTypeOf<{ id: string }>();
  });

  it("request bodies", () => {
    expectTypeOf<PolicyInput>().toEqualTypeOf<WrittenPolicy>();
    expectTypeOf<PolicyUpdateInput>().branded.toEqualTypeOf<WrittenPolicy & { id: string }>();
    expectTypeOf<CreateUserGroupBody>().toEqualTypeOf<{ name: string; policies?: WrittenPolicy[] }>();
    expectTypeOf<UpdateUserGroupBody>().branded.toEqualTypeOf<{
      name?: string;
      policies?: (WrittenPolicy & { id: string })[];
    }>();
    expectTypeOf<MemberIdentifier>().toEqualTypeOf<{ id: string }>();
  });

  it("members", () => {
    expectTypeOf<Member>().toEqualTypeOf<GroupMember>();
    expectTypeOf<MemberStatus>().toEqualTypeOf<"accepted" | "pending">();
    expectTypeOf<MemberDetail>().branded.toEqualTypeOf<
      GroupMember & {
        created_at?: string;
        user?: { id?: string; email?: string; first_name?: string; last_name?: string };
      }
    >();
  });

  it("queries", () => {
    expectTypeOf<SortDirection>().toEqualTypeOf<"asc" | "desc">();
    expectTypeOf<ListUserGroupsQuery>().toEqualTypeOf<{
      id?: string;
      name?: string;
      fuzzyName?: string;
      direction?: "asc" | "desc";
      page?: number;
      per_page?: number;
    }>();
    expectTypeOf<ListMembersQuery>().toEqualTypeOf<{
      fuzzyEmail?: string;
      direction?: "asc" | "desc";
      page?: number;
      per_page?: number;
    }>();
  });

  it("envelopes", () => {
    expectTypeOf<ResultInfo>().toEqualTypeOf<Page>();
    expectTypeOf<ResponseMessage>().toEqualTypeOf<Message>();
    expectTypeOf<SuccessEnvelope<{ id: string }>>().branded.toEqualTypeOf<{
      success: true;
      errors: Message[];
      messages: Message[];
      result: { id: string };
      result_info?: Page;
    }>();
    expectTypeOf<FailureEnvelope>().toEqualTypeOf<{
      success: false;
      errors: Message[];
      messages: Message[];
      result: null;
    }>();
  });

  it("operation ids", () => {
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
});
