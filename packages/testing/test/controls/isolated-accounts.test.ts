import { UserGroupsClient } from "@cf-user-groups/client";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserGroupsMock, failOnUnhandledRequests } from "../../src/index.js";
import { ALICE } from "../support/api.js";

// One fake and one MSW server for every test in this file, which run concurrently.
const mock = createUserGroupsMock({
  groups: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", name: "Seeded", members: [ALICE] }],
});
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen(failOnUnhandledRequests));
afterAll(() => server.close());

/** A client on an account of its own. */
function isolatedClient() {
  const accountId = mock.isolatedAccount();
  return {
    accountId,
    groups: new UserGroupsClient({ apiToken: "t", accountId, maxRetries: 0 }).iam.userGroups,
  };
}

describe.concurrent("tests sharing one fake, each on an isolated account", () => {
  for (const name of ["first", "second", "third", "fourth"]) {
    it(`${name} sees only the seeded data and its own changes`, async () => {
      const { accountId, groups } = isolatedClient();
      expect(accountId).not.toBe(mock.accountId);
      expect((await groups.list()).result.map((group) => group.name)).toEqual(["Seeded"]);
      await groups.create({ name: `Made by ${name}` });
      // Let the other tests run their creates in between.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect((await groups.list()).result.map((group) => group.name)).toEqual([`Made by ${name}`, "Seeded"]);
      await groups.delete("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
      expect((await groups.list()).result.map((group) => group.name)).toEqual([`Made by ${name}`]);
      expect(
        mock.store
          .listMembers("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", mock.accountId)
          ?.map((member) => member.id),
      ).toEqual([ALICE]);
    });
  }
});

describe("isolatedAccount()", () => {
  it("never hands out the same account twice, or the seeded one", () => {
    const ids = new Set(Array.from({ length: 50 }, () => mock.isolatedAccount()));
    expect(ids.size).toBe(50);
    expect(ids.has(mock.accountId)).toBe(false);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("copies the seeded data, not what the default account holds now", async () => {
    const local = createUserGroupsMock({ groups: [{ name: "Seeded" }] });
    await new UserGroupsClient({
      apiToken: "t",
      accountId: local.accountId,
      fetch: local.fetch,
    }).iam.userGroups.create({
      name: "Later",
    });
    const isolated = local.isolatedAccount();
    expect(local.store.listUserGroups(isolated).map((group) => group.name)).toEqual(["Seeded"]);
  });
});
