import { NotFoundError } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { buildUserGroup, ErrorCodes, seedFactories } from "../../src/index.js";
import { ACCOUNT, ALICE, BOB, policy, rejectionOf, useMockedApi } from "../support/api.js";

seedFactories(1);
const names = ["beta", "Alpha", "gamma", "alpha", "Delta", "epsilon"];
const seeded = names.map((name) => buildUserGroup({ name }));
const { mock, groups } = useMockedApi({
  groups: [...seeded.map((group) => ({ ...group, members: [ALICE] }))],
});

describe("listUserGroups", () => {
  it("sorts by name (code-point order), ascending by default", async () => {
    const page = await groups.list();
    expect(page.result.map((group) => group.name)).toEqual([
      "Alpha",
      "Delta",
      "alpha",
      "beta",
      "epsilon",
      "gamma",
    ]);
    expect(page.result_info).toEqual({ count: 6, page: 1, per_page: 100, total_count: 6, total_pages: 1 });
  });

  it("sorts descending with direction=desc", async () => {
    const page = await groups.list({ direction: "desc" });
    expect(page.result.map((group) => group.name)).toEqual([
      "gamma",
      "epsilon",
      "beta",
      "alpha",
      "Delta",
      "Alpha",
    ]);
  });

  it("filters by exact name, by exact id, and by case-insensitive substring", async () => {
    expect((await groups.list({ name: "alpha" })).result.map((group) => group.name)).toEqual(["alpha"]);
    expect((await groups.list({ id: seeded[2]?.id as string })).result.map((group) => group.name)).toEqual([
      "gamma",
    ]);
    expect((await groups.list({ fuzzyName: "LPH" })).result.map((group) => group.name)).toEqual([
      "Alpha",
      "alpha",
    ]);
    expect(
      (await groups.list({ fuzzyName: "ta", direction: "desc" })).result.map((group) => group.name),
    ).toEqual(["beta", "Delta"]);
    const none = await groups.list({ fuzzyName: "zzz" });
    expect(none.result).toEqual([]);
    expect(none.result_info).toEqual({ count: 0, page: 1, per_page: 100, total_count: 0, total_pages: 0 });
  });

  it.each([
    ["a middle page", 2, 2, ["alpha", "beta"]],
    ["the last, partial page", 2, 4, ["epsilon", "gamma"]],
    ["an exact multiple, last page full", 2, 3, ["beta", "epsilon", "gamma"]],
    ["a page past the end", 4, 3, []],
    ["far past the end", 99, 2, []],
    ["one item per page", 6, 1, ["gamma"]],
    ["the maximum page size", 1, 500, ["Alpha", "Delta", "alpha", "beta", "epsilon", "gamma"]],
  ])("pages: %s", async (_, page, perPage, expected) => {
    const result = await groups.list({ page, per_page: perPage });
    expect(result.result.map((group) => group.name)).toEqual(expected);
    expect(result.result_info).toEqual({
      count: expected.length,
      page,
      per_page: perPage,
      total_count: 6,
      total_pages: Math.ceil(6 / perPage),
    });
  });

  it("an empty account lists nothing", async () => {
    mock.reset();
    const other = await groups.list({ account_id: "0123456789abcdef0123456789abcdef" });
    expect(other.result).toEqual([]);
    expect(other.result_info.total_count).toBe(0);
  });
});

describe("createUserGroup", () => {
  it("assigns ids and timestamps, stores the group and its full policies", async () => {
    const created = await groups.create({
      name: "Auditors",
      policies: [policy, { ...policy, access: "deny" }],
    });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.name).toBe("Auditors");
    expect(created.created_on).toBe(created.modified_on);
    expect(created.policies).toHaveLength(2);
    expect(created.policies?.[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      access: "allow",
      permission_groups: [{ id: policy.permission_groups[0]?.id }],
      resource_groups: [
        {
          id: policy.resource_groups[0]?.id,
          scope: { key: `com.cloudflare.api.account.${ACCOUNT}`, objects: [{ key: "*" }] },
        },
      ],
    });
    expect(created.policies?.[1]?.access).toBe("deny");
    expect(await groups.get(created.id)).toEqual(created);
    expect(mock.store.listMembers(created.id)).toEqual([]);
  });

  it("gives deterministic ids for a seed", async () => {
    const first = await groups.create({ name: "one" });
    mock.reset();
    const again = await groups.create({ name: "one" });
    expect(again.id).toBe(first.id);
  });

  it("never gives a new group the id of a seeded one, even when the sequence would", async () => {
    const { createIdGenerator } = await import("../../src/core/ids.js");
    const { createUserGroupsMock } = await import("../../src/index.js");
    const [next = ""] = [createIdGenerator(9)()];
    const seededMock = createUserGroupsMock({
      seed: 9,
      groups: [{ id: next, name: "Seeded", members: [ALICE] }],
    });
    const response = await seededMock.fetch(
      `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`,
      {
        method: "POST",
        headers: { authorization: "Bearer t" },
        body: JSON.stringify({ name: "New" }),
      },
    );
    const created = (await response.json()).result;
    expect(created.id).not.toBe(next);
    expect(seededMock.store.getUserGroup(next)?.name).toBe("Seeded");
    expect(seededMock.store.listMembers(created.id)).toEqual([]);
  });

  it("creates a group without policies with an empty list", async () => {
    expect((await groups.create({ name: "Empty" })).policies).toEqual([]);
  });
});

describe("getUserGroup", () => {
  it("returns a seeded group as seeded", async () => {
    expect(await groups.get(seeded[0]?.id as string)).toEqual(seeded[0]);
  });

  it("answers 404 with an error entry for an unknown group", async () => {
    const error = await rejectionOf(groups.get("0123456789abcdef0123456789abcdef"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.errors[0]?.code).toBe(ErrorCodes.USER_GROUP_NOT_FOUND);
  });
});

describe("updateUserGroup", () => {
  it("renames without touching the policies, and moves modified_on", async () => {
    const before = await groups.create({ name: "Before", policies: [policy] });
    const after = await groups.update(before.id, { name: "After" });
    expect(after.name).toBe("After");
    expect(after.policies).toEqual(before.policies);
    expect(after.created_on).toBe(before.created_on);
    expect(Date.parse(after.modified_on)).toBeGreaterThan(Date.parse(before.modified_on));
    expect((await groups.list({ name: "After" })).result).toHaveLength(1);
    expect((await groups.list({ name: "Before" })).result).toHaveLength(0);
  });

  it("replaces the policies when given, keeping the name", async () => {
    const before = await groups.create({ name: "Keep", policies: [policy, policy] });
    const [first] = before.policies ?? [];
    const after = await groups.update(before.id, {
      policies: [{ ...policy, id: first?.id as string, access: "deny" }],
    });
    expect(after.name).toBe("Keep");
    expect(after.policies).toHaveLength(1);
    expect(after.policies?.[0]).toMatchObject({ id: first?.id, access: "deny" });
  });

  it("with an empty body changes only modified_on", async () => {
    const before = await groups.create({ name: "Same", policies: [policy] });
    const after = await groups.update(before.id, {});
    expect({ ...after, modified_on: before.modified_on }).toEqual(before);
  });

  it("refuses a policy id the group does not have, changing nothing", async () => {
    const before = await groups.create({ name: "Strict", policies: [policy] });
    const snapshot = mock.store.snapshot();
    const error = await rejectionOf(
      groups.update(before.id, {
        name: "Changed",
        policies: [{ ...policy, id: "0123456789abcdef0123456789abcdef" }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.errors[0]).toMatchObject({
      code: ErrorCodes.POLICY_NOT_FOUND,
      source: { pointer: "/policies/0/id" },
    });
    expect(mock.store.snapshot()).toEqual(snapshot);
  });

  it("refuses an update naming one policy twice, changing nothing", async () => {
    const before = await groups.create({ name: "Twice", policies: [policy] });
    const id = before.policies?.[0]?.id as string;
    const snapshot = mock.store.snapshot();
    const error = await rejectionOf(
      groups.update(before.id, {
        name: "Changed",
        policies: [
          { ...policy, id },
          { ...policy, access: "deny", id },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.errors[0]).toMatchObject({ code: 1002, source: { pointer: "/policies/1/id" } });
    expect(error.errors[0]?.message).toContain(`policy ${id} is listed twice`);
    expect(mock.store.snapshot()).toEqual(snapshot);
    expect((await groups.get(before.id)).policies).toHaveLength(1);
  });

  it("answers 404 for an unknown group", async () => {
    await expect(groups.update("0123456789abcdef0123456789abcdef", { name: "x" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("deleteUserGroup", () => {
  it("returns {id}, removes the group and its memberships, and leaves the account's members", async () => {
    const group = seeded[1]?.id as string;
    expect(mock.store.listMembers(group)?.map((member) => member.id)).toEqual([ALICE]);
    expect(await groups.delete(group)).toEqual({ id: group });
    await expect(groups.get(group)).rejects.toBeInstanceOf(NotFoundError);
    expect(mock.store.listMembers(group)).toBeUndefined();
    expect(mock.store.account().directory.has(ALICE)).toBe(true);
    expect((await groups.list()).result_info.total_count).toBe(5);
  });

  it("answers 404 the second time", async () => {
    const group = seeded[3]?.id as string;
    await groups.delete(group);
    await expect(groups.delete(group)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("seeding", () => {
  it("refuses seeded data that cannot be right, naming the problem", async () => {
    const { createUserGroupsMock } = await import("../../src/index.js");
    const outsider = BOB.replace("9", "0");
    expect(() => createUserGroupsMock({ groups: [{ name: "x", members: [outsider] }] })).toThrow(
      `createUserGroupsMock: options.groups[0].members[0] ${outsider} is not in accountMembers.`,
    );
    expect(() => createUserGroupsMock({ groups: [{ name: "" }] })).toThrow(
      "createUserGroupsMock: options.groups[0].name must NOT have fewer than 1 characters.",
    );
    expect(() => createUserGroupsMock({ groups: [{ id: "short", name: "x" }] })).toThrow(
      "options.groups[0].id must NOT have fewer than 32 characters",
    );
    expect(() => createUserGroupsMock({ accountId: "short" })).toThrow(
      "options.accountId must NOT have fewer than 32 characters",
    );
    expect(() => createUserGroupsMock({ accountMembers: [{ id: ALICE }, { id: ALICE }] })).toThrow(
      `options.accountMembers[1].id ${ALICE} is listed twice`,
    );
  });
});
