import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock } from "../../src/index.js";
import { ALICE } from "../support/api.js";

const GROUP = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef";

describe("reads never change the store", () => {
  it("reading another account's groups and members leaves the snapshot as it was", async () => {
    const mock = createUserGroupsMock({ groups: [{ id: GROUP, name: "Seeded", members: [ALICE] }] });
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: OTHER_ACCOUNT,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    const before = mock.store.snapshot();
    expect(Object.keys(before)).toEqual([mock.accountId]);

    expect((await client.iam.userGroups.list()).result).toEqual([]);
    await expect(client.iam.userGroups.get(GROUP)).rejects.toMatchObject({ status: 404 });
    await expect(client.iam.userGroups.members.list(GROUP)).rejects.toMatchObject({ status: 404 });
    await expect(client.iam.userGroups.members.get(ALICE, { user_group_id: GROUP })).rejects.toMatchObject({
      status: 404,
    });
    // Failed writes to an account with nothing in it change nothing either.
    await expect(client.iam.userGroups.delete(GROUP)).rejects.toMatchObject({ status: 404 });
    await expect(
      client.iam.userGroups.members.create(GROUP, { members: [{ id: ALICE }] }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(mock.store.listUserGroups(OTHER_ACCOUNT)).toEqual([]);
    expect(mock.store.getUserGroup(GROUP, OTHER_ACCOUNT)).toBeUndefined();
    expect(mock.store.listMembers(GROUP, OTHER_ACCOUNT)).toBeUndefined();

    expect(mock.store.snapshot()).toEqual(before);
  });

  it("the first write to an account adds it", async () => {
    const mock = createUserGroupsMock();
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: OTHER_ACCOUNT,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    const created = await client.iam.userGroups.create({ name: "First" });
    expect(Object.keys(mock.store.snapshot()).sort()).toEqual([mock.accountId, OTHER_ACCOUNT].sort());
    expect(mock.store.getUserGroup(created.id, OTHER_ACCOUNT)?.name).toBe("First");
  });
});
