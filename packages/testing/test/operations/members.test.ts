import { BadRequestError, NotFoundError } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, defaultAccountMembers, ErrorCodes } from "../../src/index.js";
import { ALICE, BOB, CAROL, DAVE, rejectionOf, STRANGER, USER, useMockedApi } from "../support/api.js";

const GROUP = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const EMPTY = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
const { mock, groups } = useMockedApi({
  groups: [
    { id: GROUP, name: "Everyone", members: [DAVE, ALICE, CAROL, USER, BOB] },
    { id: EMPTY, name: "Nobody" },
  ],
});
const members = groups.members;
const emails = (list: { email?: string }[]) => list.map((member) => member.email);

describe("listUserGroupMembers", () => {
  it("sorts by email, ascending by default, with the directory's email and status", async () => {
    const page = await members.list(GROUP);
    expect(emails(page.result)).toEqual([
      "alice@example.com",
      "bob@example.com",
      "carol@example.com",
      "dave@example.org",
      "user@example.com",
    ]);
    expect(page.result.find((member) => member.id === CAROL)).toEqual({
      id: CAROL,
      email: "carol@example.com",
      status: "pending",
    });
    expect(page.result_info).toEqual({ count: 5, page: 1, per_page: 100, total_count: 5, total_pages: 1 });
  });

  it("sorts descending, and filters by a case-insensitive substring of the email", async () => {
    expect(emails((await members.list(GROUP, { direction: "desc" })).result)[0]).toBe("user@example.com");
    expect(emails((await members.list(GROUP, { fuzzyEmail: "EXAMPLE.ORG" })).result)).toEqual([
      "dave@example.org",
    ]);
    const filtered = await members.list(GROUP, { fuzzyEmail: "o", direction: "desc", per_page: 2, page: 2 });
    expect(emails(filtered.result)).toEqual(["carol@example.com", "bob@example.com"]);
    expect(filtered.result_info).toEqual({ count: 2, page: 2, per_page: 2, total_count: 5, total_pages: 3 });
  });

  it("pages, with an empty page past the end", async () => {
    expect((await members.list(GROUP, { per_page: 2, page: 3 })).result).toHaveLength(1);
    const past = await members.list(GROUP, { per_page: 2, page: 4 });
    expect(past.result).toEqual([]);
    expect(past.result_info).toEqual({ count: 0, page: 4, per_page: 2, total_count: 5, total_pages: 3 });
  });

  it("an empty group lists nothing; an unknown group is a 404", async () => {
    expect((await members.list(EMPTY)).result).toEqual([]);
    await expect(members.list("0123456789abcdef0123456789abcdef")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getUserGroupMember", () => {
  it("returns the member with when it joined and the user behind it", async () => {
    await members.create(EMPTY, { members: [{ id: ALICE }] });
    expect(await members.get(ALICE, { user_group_id: EMPTY })).toEqual({
      id: ALICE,
      email: "alice@example.com",
      status: "accepted",
      created_at: expect.stringMatching(/^2026-03-01T12:00:\d\d\.000Z$/),
      user: {
        id: "1d5fdc9e88c8a8c4518b068cd94331fe",
        email: "alice@example.com",
        first_name: "Alice",
        last_name: "Smith",
      },
    });
  });

  it("answers 404 for a member outside the group, and for an unknown group", async () => {
    const error = await rejectionOf(members.get(ALICE, { user_group_id: EMPTY }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.errors).toEqual([
      { code: ErrorCodes.MEMBER_NOT_FOUND, message: `Member ${ALICE} is not in user group ${EMPTY}.` },
    ]);
    await expect(
      members.get(ALICE, { user_group_id: "0123456789abcdef0123456789abcdef" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getUserGroupMember, for directory entries without a user", () => {
  it("shows the email as the user when only that is known, and no user when nothing is", async () => {
    const [withEmail, bare, group] = ["a".repeat(32), "b".repeat(32), "c".repeat(32)];
    const fake = createUserGroupsMock({
      accountMembers: [{ id: withEmail, email: "only@example.com" }, { id: bare }],
      groups: [{ id: group, name: "Sparse", members: [withEmail, bare] }],
      validateResponses: true,
    });
    const get = async (id: string) => {
      const url = `https://api.cloudflare.com/client/v4/accounts/${fake.accountId}/iam/user_groups/${group}/members/${id}`;
      return (await (await fake.fetch(url, { headers: { authorization: "Bearer t" } })).json()).result;
    };
    expect(await get(withEmail)).toEqual({
      id: withEmail,
      email: "only@example.com",
      created_at: expect.any(String),
      user: { email: "only@example.com" },
    });
    expect(await get(bare)).toEqual({ id: bare, created_at: expect.any(String) });
  });
});

describe("addUserGroupMembers", () => {
  it("adds members and answers with them", async () => {
    const page = await members.create(EMPTY, { members: [{ id: BOB }, { id: ALICE }] });
    expect(page.result).toEqual([
      { id: BOB, email: "bob@example.com", status: "accepted" },
      { id: ALICE, email: "alice@example.com", status: "accepted" },
    ]);
    expect(emails((await members.list(EMPTY)).result)).toEqual(["alice@example.com", "bob@example.com"]);
  });

  it("adding an existing member is not an error and does not duplicate it, nor move when it joined", async () => {
    await members.create(EMPTY, { members: [{ id: ALICE }] });
    const joined = (await members.get(ALICE, { user_group_id: EMPTY })).created_at;
    await members.create(EMPTY, { members: [{ id: ALICE }, { id: ALICE }, { id: BOB }] });
    expect((await members.list(EMPTY)).result.map((member) => member.id)).toEqual([ALICE, BOB]);
    expect((await members.get(ALICE, { user_group_id: EMPTY })).created_at).toBe(joined);
  });

  it("rejects an id that is not in the account's directory, and adds no one", async () => {
    const before = mock.store.snapshot();
    const error = await rejectionOf(members.create(EMPTY, { members: [{ id: ALICE }, { id: STRANGER }] }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.errors[0]).toMatchObject({
      code: ErrorCodes.NOT_AN_ACCOUNT_MEMBER,
      source: { pointer: "/1/id" },
    });
    expect(error.errors[0]?.message).toContain(STRANGER);
    expect(mock.store.snapshot()).toEqual(before);
  });

  it("adding no one is allowed and changes nothing", async () => {
    expect((await members.create(EMPTY, { members: [] })).result).toEqual([]);
    expect(mock.store.listMembers(EMPTY)).toEqual([]);
  });
});

describe("replaceUserGroupMembers", () => {
  it("makes the group exactly the given members, keeping when the stayers joined", async () => {
    const joined = (await members.get(ALICE, { user_group_id: GROUP })).created_at;
    const page = await members.update(GROUP, { members: [{ id: ALICE }, { id: CAROL }] });
    expect(emails(page.result)).toEqual(["alice@example.com", "carol@example.com"]);
    expect(mock.store.listMembers(GROUP)?.map((member) => member.id)).toEqual([ALICE, CAROL]);
    expect((await members.get(ALICE, { user_group_id: GROUP })).created_at).toBe(joined);
  });

  it("answers with the new members sorted by email, whatever order they were given in", async () => {
    const page = await members.update(EMPTY, { members: [{ id: USER }, { id: CAROL }, { id: ALICE }] });
    expect(emails(page.result)).toEqual(["alice@example.com", "carol@example.com", "user@example.com"]);
  });

  it("an empty array empties the group", async () => {
    await members.update(GROUP, { members: [] });
    expect((await members.list(GROUP)).result).toEqual([]);
  });

  it("rejects an outsider and keeps the old set", async () => {
    await expect(members.update(GROUP, { members: [{ id: STRANGER }] })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(mock.store.listMembers(GROUP)).toHaveLength(5);
  });
});

describe("removeUserGroupMember", () => {
  it("returns the removed member; the member stays in the account", async () => {
    expect(await members.delete(BOB, { user_group_id: GROUP })).toEqual({
      id: BOB,
      email: "bob@example.com",
      status: "accepted",
    });
    expect(mock.store.listMembers(GROUP)?.map((member) => member.id)).not.toContain(BOB);
    expect(mock.store.account().directory.has(BOB)).toBe(true);
  });

  it("an unknown group is a group not found, not a member not found", async () => {
    const unknown = "0123456789abcdef0123456789abcdef";
    const error = await rejectionOf(members.delete(BOB, { user_group_id: unknown }));
    expect(error.errors).toEqual([
      { code: ErrorCodes.USER_GROUP_NOT_FOUND, message: `User group ${unknown} not found.` },
    ]);
  });

  it("answers 404 for a member not in the group", async () => {
    await members.delete(BOB, { user_group_id: GROUP });
    await expect(members.delete(BOB, { user_group_id: GROUP })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the default directory", () => {
  it("has accepted and pending members with distinct ids and emails", async () => {
    // Through the fake, so this is the directory a mock without accountMembers starts with.
    await members.update(EMPTY, { members: defaultAccountMembers.map(({ id }) => ({ id })) });
    const listed = (await members.list(EMPTY)).result;
    expect(listed.length).toBeGreaterThan(1);
    expect(listed).toHaveLength(defaultAccountMembers.length);
    expect(new Set(listed.map((member) => member.id)).size).toBe(listed.length);
    const addresses = emails(listed);
    expect(addresses.every((email) => typeof email === "string" && email.includes("@"))).toBe(true);
    expect(new Set(addresses).size).toBe(listed.length);
    expect(new Set(listed.map((member) => member.status))).toEqual(new Set(["accepted", "pending"]));
  });
});
