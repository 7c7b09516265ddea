import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, type MockSnapshot } from "../../src/index.js";
import { ALICE, BOB } from "../support/api.js";

const clientOf = (mock: ReturnType<typeof createUserGroupsMock>, accountId = mock.accountId) =>
  new UserGroupsClient({ apiToken: "t", accountId, fetch: mock.fetch, maxRetries: 0 });

describe("mock.snapshot() and mock.restore()", () => {
  it("round-trip every account, membership and the id sequence, through JSON", async () => {
    const mock = createUserGroupsMock({ groups: [{ name: "Seeded", members: [ALICE] }] });
    const client = clientOf(mock);
    const group = await client.iam.userGroups.create({ name: "Created" });
    await client.iam.userGroups.members.create(group.id, { members: [{ id: BOB }] });
    const saved = JSON.parse(JSON.stringify(mock.snapshot())) as MockSnapshot;
    expect(saved).toMatchObject({ version: 1, accountId: mock.accountId, idsUsed: expect.any(Number) });

    const fresh = createUserGroupsMock();
    fresh.restore(saved);
    expect(fresh.snapshot()).toEqual(saved);
    expect(fresh.store.listMembers(group.id)?.map((member) => member.id)).toEqual([BOB]);
    // The id sequence goes on from where it was: the next group gets the id the original would give.
    const [next, again] = await Promise.all([
      clientOf(mock).iam.userGroups.create({ name: "Next" }),
      clientOf(fresh).iam.userGroups.create({ name: "Next" }),
    ]);
    expect(again.id).toBe(next.id);
  });

  it("restore() loads seed data in the --data format too, with its auth", async () => {
    const mock = createUserGroupsMock();
    mock.restore({ groups: [{ name: "From data" }], auth: { tokens: ["only-this"] } });
    expect(mock.store.listUserGroups().map((group) => group.name)).toEqual(["From data"]);
    await expect(clientOf(mock).iam.userGroups.list()).rejects.toMatchObject({ status: 403 });
    const allowed = new UserGroupsClient({
      apiToken: "only-this",
      accountId: mock.accountId,
      fetch: mock.fetch,
    });
    expect((await allowed.iam.userGroups.list()).result).toHaveLength(1);
    // reset() goes back to what the mock was created with, credentials included.
    mock.reset();
    expect(mock.store.listUserGroups()).toEqual([]);
    expect((await clientOf(mock).iam.userGroups.list()).result).toEqual([]);
  });

  it.each([
    [
      "a wrong version",
      (saved: MockSnapshot) => ({ ...saved, version: 2 }),
      "snapshot.version must be equal to constant",
    ],
    [
      "a bad account id",
      (saved: MockSnapshot) => ({ ...saved, accounts: { short: saved.accounts[saved.accountId] } }),
      "snapshot.accounts",
    ],
    [
      "a membership of a group that is not there",
      (saved: MockSnapshot) => ({
        ...saved,
        accounts: {
          [saved.accountId]: {
            ...(saved.accounts[saved.accountId] as MockSnapshot["accounts"][string]),
            memberships: { ["f".repeat(32)]: {} },
          },
        },
      }),
      `names group ${"f".repeat(32)}, which is not in groups`,
    ],
    [
      "seed data with a typo",
      () => ({ group: [] }),
      'data must NOT have additional properties: unknown property "group"',
    ],
  ])("refuses %s, naming the problem, and changes nothing", (_, corrupt, message) => {
    const mock = createUserGroupsMock({ groups: [{ name: "Kept" }] });
    const before = mock.snapshot();
    expect(() => mock.restore(corrupt(before) as MockSnapshot)).toThrow(TypeError);
    expect(() => mock.restore(corrupt(before) as MockSnapshot)).toThrow(message);
    expect(mock.snapshot()).toEqual(before);
  });
});
