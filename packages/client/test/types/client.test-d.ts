import type { DeletedUserGroup, Member, MemberDetail, ResultInfo, UserGroup } from "@cf-user-groups/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type APIError,
  type APIPromise,
  type CloudflareError,
  type PagePromise,
  type PaginationError,
  type RequestLimits,
  type RequestOptions,
  type ResponseTooLargeError,
  type SinglePage,
  UserGroupsClient,
  type V4PagePaginationArray,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";

const account_id = "023e105f4ecef8ad9ca31a8372d0c353";
const id = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
const policy = {
  access: "allow" as const,
  permission_groups: [{ id }],
  resource_groups: [{ id }],
};

const client = new UserGroupsClient({ apiToken: "t" });
const scoped = new UserGroupsClient({ apiToken: "t", accountId: account_id });
const groups = client.iam.userGroups;

describe("results", () => {
  it("methods resolve to the spec's result types", () => {
    expectTypeOf(groups.get(id, { account_id })).toEqualTypeOf<APIPromise<UserGroup>>();
    expectTypeOf(groups.create({ account_id, name: "x" })).toEqualTypeOf<APIPromise<UserGroup>>();
    expectTypeOf(groups.update(id, { account_id })).toEqualTypeOf<APIPromise<UserGroup>>();
    expectTypeOf(groups.delete(id, { account_id })).toEqualTypeOf<APIPromise<DeletedUserGroup>>();
    expectTypeOf(groups.members.get(id, { account_id, user_group_id: id })).toEqualTypeOf<
      APIPromise<MemberDetail>
    >();
    expectTypeOf(groups.members.delete(id, { account_id, user_group_id: id })).toEqualTypeOf<
      APIPromise<Member>
    >();
  });

  it("lists are page promises of typed items", async () => {
    const list = groups.list({ account_id });
    expectTypeOf(list).toEqualTypeOf<PagePromise<V4PagePaginationArray<UserGroup>, UserGroup>>();
    const page = await list;
    expectTypeOf(page.result).toEqualTypeOf<UserGroup[]>();
    expectTypeOf(page.result_info).toEqualTypeOf<ResultInfo>();
    expectTypeOf(page.hasNextPage()).toEqualTypeOf<boolean>();
    expectTypeOf(await page.getNextPage()).toEqualTypeOf<V4PagePaginationArray<UserGroup>>();
    for await (const group of groups.list({ account_id })) expectTypeOf(group).toEqualTypeOf<UserGroup>();
    for await (const member of groups.members.list(id, { account_id }))
      expectTypeOf(member).toEqualTypeOf<Member>();
  });

  it("member writes are single pages of members", async () => {
    const added = await groups.members.create(id, { account_id, members: [{ id }] });
    expectTypeOf(added).toEqualTypeOf<SinglePage<Member>>();
    expectTypeOf(added.result).toEqualTypeOf<Member[]>();
  });

  it("withResponse and asResponse", async () => {
    expectTypeOf(await groups.get(id, { account_id }).withResponse()).toEqualTypeOf<{
      data: UserGroup;
      response: Response;
    }>();
    expectTypeOf(groups.get(id, { account_id }).asResponse()).toEqualTypeOf<Promise<Response>>();
    expectTypeOf(groups.get(id, { account_id })).toExtend<Promise<UserGroup>>();
  });
});

describe("account_id", () => {
  it("is required without a configured accountId", () => {
    // @ts-expect-error - account_id is required when the client has no accountId
    groups.get(id, {});
    // @ts-expect-error - and params cannot be left out
    groups.get(id);
    // @ts-expect-error - list needs params with account_id
    groups.list();
    // @ts-expect-error - create needs account_id next to name
    groups.create({ name: "x" });
    // @ts-expect-error - members.list needs account_id
    groups.members.list(id, {});
  });

  it("is optional, and params can be left out, with a configured accountId", () => {
    scoped.iam.userGroups.get(id);
    scoped.iam.userGroups.list();
    scoped.iam.userGroups.update(id);
    scoped.iam.userGroups.delete(id);
    scoped.iam.userGroups.create({ name: "x" });
    scoped.iam.userGroups.members.list(id);
    scoped.iam.userGroups.members.get(id, { user_group_id: id });
    scoped.iam.userGroups.get(id, { account_id: "another-account-id-0000000000000" });
  });

  it("stays required when accountId might be undefined", () => {
    const maybe = new UserGroupsClient({ apiToken: "t", accountId: process.env.CF_ACCOUNT });
    // @ts-expect-error - accountId may be undefined at runtime, so account_id is still required
    maybe.iam.userGroups.get(id);
  });

  it("members.get and members.delete always need user_group_id", () => {
    // @ts-expect-error - user_group_id is required
    scoped.iam.userGroups.members.get(id, {});
    // @ts-expect-error - user_group_id is required
    scoped.iam.userGroups.members.delete(id);
  });
});

describe("parameters", () => {
  it("reject wrong names", () => {
    // @ts-expect-error - the wire name is fuzzyName, not the Python SDK's fuzzy_name
    groups.list({ account_id, fuzzy_name: "audit" });
    // @ts-expect-error - members filter by fuzzyEmail, not fuzzyName
    groups.members.list(id, { account_id, fuzzyName: "x" });
    // @ts-expect-error - direction is asc or desc
    groups.list({ account_id, direction: "descending" });
    // @ts-expect-error - per_page is a number
    groups.list({ account_id, per_page: "50" });
  });

  it("update policies need their id; create policies need access and both group lists", () => {
    groups.update(id, { account_id, policies: [{ ...policy, id }] });
    // @ts-expect-error - an update policy needs the id of the policy it replaces
    groups.update(id, { account_id, policies: [policy] });
    // @ts-expect-error - a create policy needs resource_groups
    groups.create({ account_id, name: "x", policies: [{ access: "allow", permission_groups: [] }] });
    // @ts-expect-error - access is allow or deny
    groups.create({ account_id, name: "x", policies: [{ ...policy, access: "maybe" }] });
  });

  it("members bodies are lists of {id}", () => {
    groups.members.update(id, { account_id, members: [] });
    // @ts-expect-error - members are objects with an id, not bare strings
    groups.members.create(id, { account_id, members: [id] });
  });

  it("per-call options", () => {
    groups.get(
      id,
      { account_id },
      { timeout: 1000, maxRetries: 0, signal: AbortSignal.timeout(5), headers: { a: "b" } },
    );
    // @ts-expect-error - timeout is milliseconds as a number
    groups.get(id, { account_id }, { timeout: "1s" });
  });

  it("per-call limits include maxPages and maxResponseBytes, and allow an explicit undefined", () => {
    groups.list({ account_id }, { maxPages: 50, maxResponseBytes: 2 ** 20, timeout: undefined });
    groups.members.list(id, { account_id }, { maxPages: undefined });
    // @ts-expect-error - maxPages is a number
    groups.list({ account_id }, { maxPages: "50" });
    // @ts-expect-error - maxResponseBytes is a number of bytes, not a size string
    groups.get(id, { account_id }, { maxResponseBytes: "16MB" });
    expectTypeOf<RequestOptions["maxPages"]>().toEqualTypeOf<RequestLimits["maxPages"] | undefined>();
  });
});

describe("rawClient", () => {
  it("is typed by the spec's paths", async () => {
    const { data } = await rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
      params: { path: { account_id, user_group_id: id } },
    });
    expectTypeOf(data?.result).toEqualTypeOf<UserGroup | undefined>();
    // @ts-expect-error - not a path of this API
    rawClient(client).GET("/accounts/{account_id}/tokens", { params: { path: { account_id } } });
  });
});

describe("construction", () => {
  it("options are typed", () => {
    // @ts-expect-error - maxRetries is a number
    new UserGroupsClient({ apiToken: "t", maxRetries: "2" });
    expectTypeOf(scoped.accountId).toEqualTypeOf<string>();
    expectTypeOf(client.accountId).toEqualTypeOf<string | undefined>();
    expectTypeOf(UserGroupsClient.NotFoundError).toBeConstructibleWith(404, {}, "m", new Headers());
  });

  it("limits are client options too", () => {
    new UserGroupsClient({ apiToken: "t", maxPages: 100, maxResponseBytes: 1_000_000, timeout: 2 ** 31 });
    // @ts-expect-error - maxResponseBytes is a number
    new UserGroupsClient({ apiToken: "t", maxResponseBytes: "1MB" });
  });

  it("the new error classes are exported and statics, subclasses of CloudflareError", () => {
    expectTypeOf(UserGroupsClient.ResponseTooLargeError).toEqualTypeOf<typeof ResponseTooLargeError>();
    expectTypeOf(UserGroupsClient.PaginationError).toEqualTypeOf<typeof PaginationError>();
    expectTypeOf<ResponseTooLargeError>().toExtend<APIError<number, Headers>>();
    expectTypeOf<PaginationError>().toExtend<CloudflareError>();
    expectTypeOf<ResponseTooLargeError["status"]>().toEqualTypeOf<number>();
  });
});
