// Groups managed by SCIM: Cloudflare's docs say their name, members and
// existence cannot change through the API; their policies can.

import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, ErrorCodes } from "../../src/index.js";
import { ALICE, BOB, policy } from "../support/api.js";

const SCIM = "5c105c105c105c105c105c105c105c10";
const POLICY = "0123456789abcdef0123456789abcdef";
const fake = () =>
  createUserGroupsMock({
    groups: [
      {
        id: SCIM,
        name: "Engineering (from Okta)",
        managedBySCIM: true,
        members: [ALICE],
        policies: [{ id: POLICY, ...policy }],
      },
      { name: "Manual" },
    ],
  });
const clientOf = (mock: ReturnType<typeof createUserGroupsMock>) =>
  new UserGroupsClient({ apiToken: "t", accountId: mock.accountId, fetch: mock.fetch, maxRetries: 0 }).iam
    .userGroups;

describe("groups managed by SCIM", () => {
  it.each([
    [
      "renaming it",
      (groups: ReturnType<typeof clientOf>) => groups.update(SCIM, { name: "Renamed" }),
      "rename it",
    ],
    ["deleting it", (groups: ReturnType<typeof clientOf>) => groups.delete(SCIM), "delete it"],
    [
      "adding a member",
      (groups: ReturnType<typeof clientOf>) => groups.members.create(SCIM, { members: [{ id: BOB }] }),
      "change its members",
    ],
    [
      "replacing the members",
      (groups: ReturnType<typeof clientOf>) => groups.members.update(SCIM, { members: [] }),
      "change its members",
    ],
    [
      "removing a member",
      (groups: ReturnType<typeof clientOf>) => groups.members.delete(ALICE, { user_group_id: SCIM }),
      "change its members",
    ],
  ])("refuses %s with an error envelope, and changes nothing", async (_, change, what) => {
    const mock = fake();
    const before = mock.store.snapshot();
    await expect(change(clientOf(mock))).rejects.toMatchObject({
      status: 400,
      errors: [
        {
          code: ErrorCodes.MANAGED_BY_SCIM,
          message: `User group ${SCIM} is managed by SCIM: ${what} at your identity provider.`,
        },
      ],
    });
    expect(mock.store.snapshot()).toEqual(before);
    expect(mock.violations).toEqual([]);
  });

  it("reads work as usual, and its policies can still change (and its name be sent unchanged)", async () => {
    const mock = fake();
    const groups = clientOf(mock);
    expect((await groups.get(SCIM)).name).toBe("Engineering (from Okta)");
    expect((await groups.members.list(SCIM)).result.map((member) => member.id)).toEqual([ALICE]);
    const denied = await groups.update(SCIM, {
      name: "Engineering (from Okta)",
      policies: [{ ...policy, id: POLICY, access: "deny" }],
    });
    expect(denied.policies?.map((entry) => [entry.id, entry.access])).toEqual([[POLICY, "deny"]]);
    expect((await groups.update(SCIM, { policies: [] })).policies).toEqual([]);
  });

  it("other groups are unaffected, and the flag survives snapshots and isolated accounts", async () => {
    const mock = fake();
    const manual = mock.store.listUserGroups().find((group) => group.name === "Manual")?.id as string;
    await clientOf(mock).delete(manual);
    const saved = JSON.parse(JSON.stringify(mock.snapshot()));
    const restored = createUserGroupsMock();
    restored.restore(saved);
    await expect(clientOf(restored).delete(SCIM)).rejects.toMatchObject({ status: 400 });
    const isolated = mock.isolatedAccount();
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: isolated,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    await expect(client.iam.userGroups.delete(SCIM)).rejects.toMatchObject({ errors: [{ code: 1013 }] });
  });
});
