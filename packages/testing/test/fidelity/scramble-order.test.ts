// scrambleOrder: the live API returns a policy's permission and resource
// groups in its own order (Terraform provider issue #7157); the fake can too.

import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock } from "../../src/index.js";

const ids = (prefix: string) => Array.from({ length: 3 }, (_, index) => `${prefix}${index}`.padEnd(32, "0"));
const written = {
  access: "allow" as const,
  permission_groups: ids("a").map((id) => ({ id })),
  resource_groups: ids("b").map((id) => ({ id })),
};

async function roundTrip(scrambleOrder: boolean) {
  const mock = createUserGroupsMock({ scrambleOrder });
  const groups = new UserGroupsClient({ apiToken: "t", accountId: mock.accountId, fetch: mock.fetch }).iam
    .userGroups;
  const created = await groups.create({ name: "Ordered", policies: [written] });
  const [stored] = created.policies ?? [];
  const updated = await groups.update(created.id, { policies: [{ ...written, id: stored?.id as string }] });
  const read = await groups.get(created.id);
  return [created, updated, read].map((group) => {
    const [first] = group.policies ?? [];
    return {
      permission: first?.permission_groups?.map((entry) => entry.id),
      resource: first?.resource_groups?.map((entry) => entry.id),
    };
  });
}

describe("scrambleOrder", () => {
  it("returns a policy's permission and resource groups in another order than written, the same set", async () => {
    for (const answer of await roundTrip(true)) {
      expect(answer.permission).not.toEqual(ids("a"));
      expect([...(answer.permission ?? [])].sort()).toEqual(ids("a"));
      expect(answer.resource).not.toEqual(ids("b"));
      expect([...(answer.resource ?? [])].sort()).toEqual(ids("b"));
    }
  });

  it("is off by default: the order written comes back", async () => {
    for (const answer of await roundTrip(false)) {
      expect(answer).toEqual({ permission: ids("a"), resource: ids("b") });
    }
  });
});
