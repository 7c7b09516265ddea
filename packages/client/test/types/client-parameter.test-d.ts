// A client passed to a function: annotating the parameter as plain
// `UserGroupsClient` accepts every client but makes `account_id` required in
// every call; `UserGroupsClientWithAccount` lets calls leave it out and
// accepts only clients created with an `accountId`.

import type { UserGroup } from "@cf-user-groups/types";
import { describe, expectTypeOf, it } from "vitest";
import { UserGroupsClient, type UserGroupsClientWithAccount } from "../../src/index.js";

const account_id = "023e105f4ecef8ad9ca31a8372d0c353";
const scoped = new UserGroupsClient({ apiToken: "t", accountId: account_id });
const unscoped = new UserGroupsClient({ apiToken: "t" });
declare const maybeAccount: string | undefined;
const perhapsScoped = new UserGroupsClient({ apiToken: "t", accountId: maybeAccount });

/** Takes any client, so every call names its account. */
async function countGroups(client: UserGroupsClient, account: string): Promise<number> {
  const page = await client.iam.userGroups.list({ account_id: account });
  // @ts-expect-error - a plain UserGroupsClient may have no accountId, so account_id is required
  await client.iam.userGroups.list();
  // @ts-expect-error - the same for every method: get needs { account_id }
  await client.iam.userGroups.get("6d7f2f5f5b1d4a0e9081fdc98d432fd1");
  return page.result_info.total_count;
}

/** Takes a client with a default account, so calls may leave account_id out. */
async function groupNames(client: UserGroupsClientWithAccount): Promise<string[]> {
  const names: string[] = [];
  for await (const group of client.iam.userGroups.list()) names.push(group.name);
  expectTypeOf(
    await client.iam.userGroups.get("6d7f2f5f5b1d4a0e9081fdc98d432fd1"),
  ).toEqualTypeOf<UserGroup>();
  await client.iam.userGroups.members.create("6d7f2f5f5b1d4a0e9081fdc98d432fd1", { members: [] });
  expectTypeOf(client.accountId).toEqualTypeOf<string>();
  return names;
}

describe("a client as a parameter", () => {
  it("plain UserGroupsClient accepts any client", () => {
    countGroups(scoped, account_id);
    countGroups(unscoped, account_id);
    countGroups(perhapsScoped, account_id);
  });

  it("UserGroupsClientWithAccount accepts only clients created with an accountId", () => {
    groupNames(scoped);
    // @ts-expect-error - created without an accountId
    groupNames(unscoped);
    // @ts-expect-error - an accountId that may be undefined does not make a default account
    groupNames(perhapsScoped);
    expectTypeOf(scoped).toExtend<UserGroupsClientWithAccount>();
    expectTypeOf(unscoped).not.toExtend<UserGroupsClientWithAccount>();
  });

  it("a variable annotated with it takes a new client with an accountId", () => {
    const client: UserGroupsClientWithAccount = new UserGroupsClient({
      apiToken: "t",
      accountId: account_id,
      maxRetries: 5,
    });
    expectTypeOf(client.iam.userGroups.list).toBeCallableWith();
  });
});
