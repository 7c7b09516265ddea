import type { Scenario } from "../suite.js";
import { count, memberBody, op, UNKNOWN_ID } from "./requests.js";

/** Not an id: the path does not route. */
const MALFORMED_ID = "not-an-id";
/** 31 hex characters: one short of an id. */
const SHORT_ID = UNKNOWN_ID.slice(1);
/** Well-formed, but no member of any account we use. */
const NOT_A_MEMBER = "deadbeefdeadbeefdeadbeefdeadbeef";

/** Malformed and unknown ids in every position: account, group, member, filter. */
export const badIds: Scenario = {
  name: "bad-ids",
  title: "Malformed and unknown ids for every operation",
  operations: [
    "listUserGroups",
    "getUserGroup",
    "updateUserGroup",
    "deleteUserGroup",
    "listUserGroupMembers",
    "getUserGroupMember",
    "addUserGroupMembers",
    "replaceUserGroupMembers",
    "removeUserGroupMember",
  ],
  async run(context) {
    const [first] = context.members;
    await context.step(
      "list, malformed account id",
      op.listUserGroups(undefined, { params: { account_id: MALFORMED_ID } }),
    );
    await context.step("get, malformed group id", op.getUserGroup(MALFORMED_ID));
    await context.step("get, group id one character short", op.getUserGroup(SHORT_ID));
    await context.step("get, unknown group", op.getUserGroup(UNKNOWN_ID));
    await context.step(
      "update, malformed group id",
      op.updateUserGroup(MALFORMED_ID, { name: context.name("x") }),
    );
    await context.step("update, unknown group", op.updateUserGroup(UNKNOWN_ID, { name: context.name("x") }));
    await context.step("delete, malformed group id", op.deleteUserGroup(MALFORMED_ID));
    await context.step("delete, unknown group", op.deleteUserGroup(UNKNOWN_ID));
    await context.step("list members, malformed group id", op.listUserGroupMembers(MALFORMED_ID));
    await context.step("list members, unknown group", op.listUserGroupMembers(UNKNOWN_ID));
    await context.step("add members, unknown group", op.addUserGroupMembers(UNKNOWN_ID, memberBody(first)));
    await context.step(
      "replace members, unknown group",
      op.replaceUserGroupMembers(UNKNOWN_ID, memberBody(first)),
    );
    await context.step("get member, unknown group", op.getUserGroupMember(UNKNOWN_ID, first));
    await context.step("remove member, unknown group", op.removeUserGroupMember(UNKNOWN_ID, first));
    const created = await context.step("create group", op.createUserGroup({ name: context.name("group") }));
    const groupId = context.createdId(created, "create group");
    await context.step("get member, malformed member id", op.getUserGroupMember(groupId, MALFORMED_ID));
    await context.step("get member, not in the group", op.getUserGroupMember(groupId, first));
    await context.step("remove member, malformed member id", op.removeUserGroupMember(groupId, MALFORMED_ID));
    await context.step("remove member, not in the group", op.removeUserGroupMember(groupId, first));
  },
};

/** Bodies the API must refuse, for each operation that takes one; then nothing has changed. */
export const badBodies: Scenario = {
  name: "bad-bodies",
  title: "Malformed and invalid bodies; refused requests change nothing",
  operations: ["createUserGroup", "updateUserGroup", "addUserGroupMembers", "replaceUserGroupMembers"],
  async run(context) {
    const [first] = context.members;
    const valid = { name: context.name("refused") };
    await context.step("create, malformed JSON", op.createUserGroup(undefined, { rawBody: '{"name": ' }));
    await context.step("create, no name", op.createUserGroup({}));
    await context.step("create, empty name", op.createUserGroup({ name: "" }));
    await context.step("create, name not a string", op.createUserGroup({ name: 42 }));
    await context.step("create, body an array", op.createUserGroup([valid]));
    await context.step("create, policies not a list", op.createUserGroup({ ...valid, policies: "all" }));
    await context.step(
      "create, policy missing access",
      op.createUserGroup({ ...valid, policies: [{ permission_groups: [], resource_groups: [] }] }),
    );
    await context.step(
      "create, JSON sent as text/plain",
      op.createUserGroup(undefined, { rawBody: JSON.stringify(valid), contentType: "text/plain" }),
    );
    await context.step(
      "list, none of the refused created",
      op.listUserGroups({ fuzzyName: context.namePrefix }),
      (result) => ({
        count: count(result),
      }),
    );
    const created = await context.step("create group", op.createUserGroup({ name: context.name("group") }));
    const groupId = context.createdId(created, "create group");
    await context.step("update, malformed JSON", op.updateUserGroup(groupId, undefined, { rawBody: "{" }));
    await context.step("update, empty name", op.updateUserGroup(groupId, { name: "" }));
    await context.step("update, name not a string", op.updateUserGroup(groupId, { name: ["x"] }));
    await context.step(
      "update, a policy the group lacks",
      op.updateUserGroup(groupId, {
        policies: [
          {
            id: UNKNOWN_ID,
            access: "allow",
            permission_groups: [{ id: UNKNOWN_ID }],
            resource_groups: [{ id: UNKNOWN_ID }],
          },
        ],
      }),
    );
    await context.step(
      "add members, malformed JSON",
      op.addUserGroupMembers(groupId, undefined, { rawBody: "[{" }),
    );
    await context.step("add members, an object, not a list", op.addUserGroupMembers(groupId, { id: first }));
    await context.step(
      "add members, id not an id",
      op.addUserGroupMembers(groupId, memberBody(MALFORMED_ID)),
    );
    await context.step(
      "add members, item without id",
      op.addUserGroupMembers(groupId, [{ email: "x@example.com" }]),
    );
    await context.step(
      "add members, not a member of the account",
      op.addUserGroupMembers(groupId, memberBody(NOT_A_MEMBER)),
    );
    await context.step(
      "add members, one of two not a member",
      op.addUserGroupMembers(groupId, memberBody(first, NOT_A_MEMBER)),
    );
    await context.step(
      "replace members, an object, not a list",
      op.replaceUserGroupMembers(groupId, { members: [] }),
    );
    await context.step(
      "replace members, not a member of the account",
      op.replaceUserGroupMembers(groupId, memberBody(NOT_A_MEMBER)),
    );
    await context.step("get, unchanged", op.getUserGroup(groupId), (result) => ({
      "name unchanged": result?.name === context.name("group"),
      policies: count(result?.policies),
    }));
    await context.step("list members, still none", op.listUserGroupMembers(groupId), (result) => ({
      count: count(result),
    }));
  },
};
