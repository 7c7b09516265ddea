import type { FactsOf, Scenario, ScenarioContext } from "../suite.js";
import type { WireResponse } from "../wire.js";
import { count, idsOf, inOrder, memberBody, op, pagingFact, sameIds } from "./requests.js";

/** Creates one group for the scenario and returns its id; stops the scenario if that fails. */
async function createGroup(context: ScenarioContext, suffix = "group"): Promise<string> {
  const response = await context.step("create group", op.createUserGroup({ name: context.name(suffix) }));
  return context.createdId(response, "create group");
}

/**
 * Adds members to the scenario's group as a recorded step, and stops the
 * scenario unless that worked: the later steps are about those members.
 */
async function addMembers(
  context: ScenarioContext,
  groupId: string,
  name: string,
  ids: string[],
  facts?: FactsOf,
): Promise<WireResponse> {
  const added = await context.step(name, op.addUserGroupMembers(groupId, memberBody(...ids)), facts);
  context.expectOk(added, name);
  return added;
}

const emails = (result: unknown): string[] =>
  Array.isArray(result) ? result.map((member) => String((member as { email?: unknown })?.email ?? "")) : [];

/** Add, list, read and remove one member; after removal it is gone. */
export const memberLifecycle: Scenario = {
  name: "member-lifecycle",
  title: "Add, list, read and remove a member",
  operations: ["addUserGroupMembers", "listUserGroupMembers", "getUserGroupMember", "removeUserGroupMember"],
  async run(context) {
    const groupId = await createGroup(context);
    const [first] = context.members;
    await addMembers(context, groupId, "add a member", [first], (result) => ({
      count: count(result),
      "the member": sameIds(result, [first]),
    }));
    await context.step("list members", op.listUserGroupMembers(groupId), (result, body) => ({
      count: count(result),
      "the member": sameIds(result, [first]),
      result_info: pagingFact(body),
    }));
    await context.step("get the member", op.getUserGroupMember(groupId, first), (result) => ({
      "same id": result?.id === first,
    }));
    await context.step("remove the member", op.removeUserGroupMember(groupId, first), (result) => ({
      "result is the removed member": result?.id === first,
    }));
    await context.step("get after removal", op.getUserGroupMember(groupId, first));
    await context.step("remove again", op.removeUserGroupMember(groupId, first));
    await context.step("list after removal", op.listUserGroupMembers(groupId), (result) => ({
      count: count(result),
    }));
  },
};

/** Member lists: sorted by email, paged, filtered by `fuzzyEmail`. */
export const memberListing: Scenario = {
  name: "member-listing",
  title: "Listing members: order by email, direction, paging, fuzzyEmail",
  operations: ["listUserGroupMembers", "addUserGroupMembers"],
  async run(context) {
    const groupId = await createGroup(context);
    const [first, second] = context.members;
    const added = await addMembers(context, groupId, "add two members", [first, second], (result) => ({
      count: count(result),
      "both members": sameIds(result, [first, second]),
    }));
    const sorted = (direction: "asc" | "desc") => (result: unknown) => ({
      count: count(result),
      [`sorted by email, ${direction}`]: inOrder(emails(result), direction),
    });
    await context.step("default order", op.listUserGroupMembers(groupId), sorted("asc"));
    await context.step(
      "direction asc",
      op.listUserGroupMembers(groupId, { direction: "asc" }),
      sorted("asc"),
    );
    await context.step(
      "direction desc",
      op.listUserGroupMembers(groupId, { direction: "desc" }),
      sorted("desc"),
    );
    const paging: FactsOf = (result, body) => ({ count: count(result), result_info: pagingFact(body) });
    await context.step("page 1 of 2", op.listUserGroupMembers(groupId, { per_page: 1, page: 1 }), paging);
    await context.step("page 2 of 2", op.listUserGroupMembers(groupId, { per_page: 1, page: 2 }), paging);
    await context.step(
      "page past the end",
      op.listUserGroupMembers(groupId, { per_page: 1, page: 3 }),
      paging,
    );
    await context.step("page size 501", op.listUserGroupMembers(groupId, { per_page: 501 }));
    // An email only the first member has, in upper case: a case-insensitive substring match finds one.
    const firstEmail = emails((added.body as { result?: unknown }).result).find(
      (_, index) => idsOf((added.body as { result?: unknown }).result)[index] === first,
    );
    if (!firstEmail) return context.stop("add two members: no email for the first member");
    context.placeholder(firstEmail.toUpperCase(), "{MEMBER1-EMAIL}");
    await context.step(
      "fuzzyEmail, one member's email in upper case",
      op.listUserGroupMembers(groupId, { fuzzyEmail: firstEmail.toUpperCase() }),
      (result) => ({ count: count(result), "the member": sameIds(result, [first]) }),
    );
    await context.step(
      "fuzzyEmail, no match",
      op.listUserGroupMembers(groupId, { fuzzyEmail: "no-such-member.cf-contract" }),
      (result) => ({ count: count(result) }),
    );
    await context.step("direction sideways", op.listUserGroupMembers(groupId, { direction: "sideways" }));
  },
};

/** The same member added twice: in two requests, and twice in one body. */
export const addMemberTwice: Scenario = {
  name: "add-member-twice",
  title: "Adding a member who is already in the group",
  operations: ["addUserGroupMembers", "listUserGroupMembers"],
  async run(context) {
    const groupId = await createGroup(context);
    const [first] = context.members;
    await addMembers(context, groupId, "add a member", [first], (result) => ({
      count: count(result),
    }));
    await context.step(
      "add the same member again",
      op.addUserGroupMembers(groupId, memberBody(first)),
      (result) => ({
        count: count(result),
      }),
    );
    await context.step(
      "add one member twice in one body",
      op.addUserGroupMembers(groupId, memberBody(first, first)),
      (result) => ({ count: count(result) }),
    );
    await context.step("list members", op.listUserGroupMembers(groupId), (result) => ({
      count: count(result),
      "the member": sameIds(result, [first]),
    }));
  },
};

/** Replacing the member set, down to `[]`. */
export const replaceMembers: Scenario = {
  name: "replace-members",
  title: "Replacing the members, down to none",
  operations: ["replaceUserGroupMembers", "addUserGroupMembers", "listUserGroupMembers"],
  async run(context) {
    const groupId = await createGroup(context);
    const [first, second] = context.members;
    await addMembers(context, groupId, "add a member", [first]);
    await context.step(
      "replace with another member",
      op.replaceUserGroupMembers(groupId, memberBody(second)),
      (result) => ({ count: count(result), "only the other member": sameIds(result, [second]) }),
    );
    await context.step("list after replace", op.listUserGroupMembers(groupId), (result) => ({
      count: count(result),
      "only the other member": sameIds(result, [second]),
    }));
    await context.step(
      "replace with both",
      op.replaceUserGroupMembers(groupId, memberBody(first, second)),
      (result) => ({ count: count(result), "both members": sameIds(result, [first, second]) }),
    );
    await context.step("replace with []", op.replaceUserGroupMembers(groupId, []), (result) => ({
      count: count(result),
    }));
    await context.step("list after replace with []", op.listUserGroupMembers(groupId), (result) => ({
      count: count(result),
    }));
    await context.step("add to the emptied group", op.addUserGroupMembers(groupId, []), (result) => ({
      count: count(result),
    }));
  },
};

/** Deleting a group that has members: its memberships go with it. */
export const deleteGroupWithMembers: Scenario = {
  name: "delete-group-with-members",
  title: "Deleting a group that has members",
  operations: [
    "deleteUserGroup",
    "getUserGroup",
    "listUserGroupMembers",
    "getUserGroupMember",
    "addUserGroupMembers",
  ],
  async run(context) {
    const groupId = await createGroup(context);
    const [first, second] = context.members;
    await addMembers(context, groupId, "add two members", [first, second]);
    await context.step("delete the group", op.deleteUserGroup(groupId), (result) => ({
      "result.id is the group": result?.id === groupId,
    }));
    await context.step("get the deleted group", op.getUserGroup(groupId));
    await context.step("list its members", op.listUserGroupMembers(groupId));
    await context.step("get one of its members", op.getUserGroupMember(groupId, first));
    await context.step("remove one of its members", op.removeUserGroupMember(groupId, first));
    await context.step("add a member to it", op.addUserGroupMembers(groupId, memberBody(first)));
    await context.step("replace its members", op.replaceUserGroupMembers(groupId, memberBody(second)));
  },
};
