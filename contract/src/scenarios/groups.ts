import type { Scenario } from "../suite.js";
import { count, op, UNKNOWN_ID } from "./requests.js";

const ID_PATTERN = /^[0-9a-f]{32}$/;

/** Create, read, rename, find by id, delete; then the same group is gone for every operation. */
export const groupLifecycle: Scenario = {
  name: "group-lifecycle",
  title: "Create, read, rename, find by id and delete a group",
  operations: ["createUserGroup", "getUserGroup", "updateUserGroup", "listUserGroups", "deleteUserGroup"],
  async run(context) {
    const name = context.name("first");
    const renamed = context.name("renamed");
    const created = await context.step("create", op.createUserGroup({ name }), (result) => ({
      "name as sent": result?.name === name,
      "id is 32 hex": ID_PATTERN.test(String(result?.id)),
      policies: count(result?.policies),
    }));
    const id = context.createdId(created, "create");
    await context.step("get", op.getUserGroup(id), (result) => ({
      "same id": result?.id === id,
      "name as sent": result?.name === name,
    }));
    await context.step("rename", op.updateUserGroup(id, { name: renamed }), (result) => ({
      "name is the new one": result?.name === renamed,
      policies: count(result?.policies),
    }));
    await context.step("get after rename", op.getUserGroup(id), (result) => ({
      "name is the new one": result?.name === renamed,
    }));
    await context.step("list by id", op.listUserGroups({ id }), (result) => ({
      count: count(result),
      "the group": result?.[0]?.id === id,
    }));
    await context.step("delete", op.deleteUserGroup(id), (result) => ({
      "result.id is the group": result?.id === id,
    }));
    await context.step("get after delete", op.getUserGroup(id));
    await context.step("rename after delete", op.updateUserGroup(id, { name: renamed }));
    await context.step("delete again", op.deleteUserGroup(id));
    await context.step("list by id after delete", op.listUserGroups({ id }), (result) => ({
      count: count(result),
    }));
  },
};

/** Names are not unique keys, or are: a live run settles which. */
export const duplicateGroupNames: Scenario = {
  name: "duplicate-group-names",
  title: "Two groups with the same name",
  operations: ["createUserGroup", "listUserGroups"],
  async run(context) {
    const name = context.name("twin");
    const first = await context.step("create", op.createUserGroup({ name }));
    const firstId = context.createdId(first, "create");
    await context.step("create the same name again", op.createUserGroup({ name }), (result) => ({
      "another id": typeof result?.id === "string" && result.id !== firstId,
    }));
    await context.step("list by name", op.listUserGroups({ name }), (result) => ({ count: count(result) }));
    await context.step("rename to a name another group has", op.updateUserGroup(firstId, { name }));
  },
};

/**
 * Policies on a group: create with one, update it in place, then the updates
 * the fake refuses (a policy listed twice, one the group lacks, one without
 * an id). Needs a permission group and a resource group of the account.
 */
export const policies: Scenario = {
  name: "policies",
  title: "A group's policies: create, update, a policy listed twice, an unknown policy",
  operations: ["createUserGroup", "updateUserGroup", "getUserGroup"],
  requires: ["policy-ids"],
  async run(context) {
    const { permissionGroupId, resourceGroupId } = context.target.policy as {
      permissionGroupId: string;
      resourceGroupId: string;
    };
    context.placeholder(permissionGroupId, "{permission-group}");
    context.placeholder(resourceGroupId, "{resource-group}");
    const policy = {
      access: "allow",
      permission_groups: [{ id: permissionGroupId }],
      resource_groups: [{ id: resourceGroupId }],
    };
    const created = await context.step(
      "create with a policy",
      op.createUserGroup({ name: context.name("with-policy"), policies: [policy] }),
      (result) => ({
        policies: count(result?.policies),
        "policy id is 32 hex": ID_PATTERN.test(String(result?.policies?.[0]?.id)),
        "resource group scope is a list": Array.isArray(result?.policies?.[0]?.resource_groups?.[0]?.scope),
      }),
    );
    const groupId = context.createdId(created, "create with a policy");
    const policyId = (created.body as { result: { policies?: Array<{ id?: unknown }> } }).result.policies?.[0]
      ?.id;
    if (typeof policyId !== "string") return context.stop("create with a policy: no policy id came back");
    const denied = { ...policy, id: policyId, access: "deny" };
    await context.step(
      "update the policy in place",
      op.updateUserGroup(groupId, { policies: [denied] }),
      (result) => ({
        policies: count(result?.policies),
        "same policy id": result?.policies?.[0]?.id === policyId,
        "access is deny": result?.policies?.[0]?.access === "deny",
      }),
    );
    await context.step(
      "update listing the policy twice",
      op.updateUserGroup(groupId, { policies: [denied, denied] }),
    );
    await context.step(
      "update naming a policy the group lacks",
      op.updateUserGroup(groupId, { policies: [{ ...policy, id: UNKNOWN_ID }] }),
    );
    await context.step(
      "update with a policy without an id",
      op.updateUserGroup(groupId, { policies: [policy] }),
    );
    await context.step("get after the refused updates", op.getUserGroup(groupId), (result) => ({
      policies: count(result?.policies),
      "access is deny": result?.policies?.[0]?.access === "deny",
    }));
  },
};
