import type {
  CreateUserGroupBody,
  OperationId,
  Policy,
  PolicyInput,
  UpdateUserGroupBody,
} from "@cf-user-groups/types";
import type { StoredGroup } from "../core/store.js";
import { ErrorCodes } from "../envelope.js";
import {
  failure,
  groupNotFound,
  managedBySCIM,
  type OperationContext,
  type OperationHandler,
  ok,
  paginate,
} from "./context.js";

/**
 * A policy as stored and returned. The API answers with details the request
 * only names by id; the fake fills in what the schema requires: each resource
 * group covers every object of the account.
 */
export function storedPolicy(
  input: PolicyInput,
  id: string,
  accountId: string,
  intern: <T>(value: T) => T,
  scramble = false,
): Policy {
  const order = <T>(items: T[]) => (scramble ? scrambled(items) : items);
  return Object.freeze({
    id,
    access: input.access,
    permission_groups: intern(order(input.permission_groups.map(({ id }) => ({ id })))),
    resource_groups: intern(
      order(
        input.resource_groups.map(({ id }) => ({
          id,
          scope: { key: `com.cloudflare.api.account.${accountId}`, objects: [{ key: "*" }] },
        })),
      ),
    ),
  });
}

/**
 * `items` in another order, whenever there are two or more: rotated by one,
 * so the first written never comes back first. Deterministic, so runs repeat.
 */
export const scrambled = <T>(items: T[]): T[] =>
  items.length < 2 ? items : [...items.slice(1), items[0] as T];

const listUserGroups: OperationHandler = ({ account, query }) => {
  const { id, name, fuzzyName, direction } = query as {
    id?: string;
    name?: string;
    fuzzyName?: string;
    direction?: string;
  };
  const needle = fuzzyName?.toLowerCase();
  let groups: readonly StoredGroup[] = account.sortedGroups();
  if (id !== undefined || name !== undefined || needle !== undefined) {
    const lowerNames = account.lowerCaseNames();
    groups = groups.filter(
      (group, index) =>
        (id === undefined || group.id === id) &&
        (name === undefined || group.name === name) &&
        (needle === undefined || (lowerNames[index] as string).includes(needle)),
    );
  }
  if (direction === "desc") groups = [...groups].reverse();
  return paginate(groups, query);
};

const getUserGroup: OperationHandler = ({ account, params }) => {
  const group = account.groups.get(params.user_group_id as string);
  return group ? ok(group) : groupNotFound(params.user_group_id as string);
};

const createUserGroup: OperationHandler = ({
  writableAccount,
  accountId,
  body,
  now,
  newId,
  scrambleOrder,
}) => {
  const { name, policies = [] } = body as CreateUserGroupBody;
  const account = writableAccount();
  // Seeded data may already use an id the sequence would give: skip it.
  let id = newId();
  while (account.groups.has(id)) id = newId();
  const group: StoredGroup = {
    id,
    name,
    status: "V",
    created_on: now,
    modified_on: now,
    policies: policies.map((policy) =>
      storedPolicy(policy, newId(), accountId, account.intern, scrambleOrder),
    ),
  };
  account.groups.set(group.id, group);
  account.changed();
  return ok(group);
};

const updateUserGroup: OperationHandler = ({ account, accountId, params, body, now, scrambleOrder }) => {
  const id = params.user_group_id as string;
  const group = account.groups.get(id);
  if (!group) return groupNotFound(id);
  const { name, policies } = body as UpdateUserGroupBody;
  if (name !== undefined && name !== group.name && account.managedBySCIM.has(id)) {
    return managedBySCIM(id, "rename it");
  }
  // Check everything before changing anything, so a rejected update leaves the group as it was.
  const seen = new Set<string>();
  const repeated = policies?.findIndex((policy) => seen.size === seen.add(policy.id).size) ?? -1;
  if (policies && repeated !== -1) {
    return failure(
      400,
      ErrorCodes.INVALID_BODY,
      `Invalid request body: policy ${policies[repeated]?.id} is listed twice.`,
      `/policies/${repeated}/id`,
    );
  }
  const known = new Set(group.policies.map((policy) => policy.id));
  const unknown = policies?.findIndex((policy) => !known.has(policy.id)) ?? -1;
  if (policies && unknown !== -1) {
    const policyId = policies[unknown]?.id;
    return failure(
      400,
      ErrorCodes.POLICY_NOT_FOUND,
      `Policy ${policyId} is not a policy of user group ${id}.`,
      `/policies/${unknown}/id`,
    );
  }
  if (name !== undefined) group.name = name;
  if (policies)
    group.policies = policies.map((policy) =>
      storedPolicy(policy, policy.id, accountId, account.intern, scrambleOrder),
    );
  group.modified_on = now;
  account.changed();
  return ok(group);
};

const deleteUserGroup: OperationHandler = ({ account, params }) => {
  const id = params.user_group_id as string;
  if (!account.groups.has(id)) return groupNotFound(id);
  if (account.managedBySCIM.has(id)) return managedBySCIM(id, "delete it");
  account.groups.delete(id);
  account.memberships.delete(id);
  account.changed();
  return ok({ id });
};

export const userGroupOperations: Partial<
  Record<OperationId, (context: OperationContext) => ReturnType<OperationHandler>>
> = {
  listUserGroups,
  getUserGroup,
  createUserGroup,
  updateUserGroup,
  deleteUserGroup,
};
