import { APIError, type UserGroupsClient } from "@cf-user-groups/client";
import type { Access, Policy, PolicyInput, UserGroup } from "@cf-user-groups/types";

/** A policy as the config writes it: allow or deny permission groups on resource groups, by id. */
export interface DesiredPolicy {
  access: Access;
  permission_groups: string[];
  resource_groups: string[];
}

/** A user group as the config wants it: its name, its policies, and its members by account member id. */
export interface DesiredGroup {
  name: string;
  policies: DesiredPolicy[];
  members: string[];
}

/** The whole config: every user group the account should have. Groups it does not list are deleted. */
export interface SyncConfig {
  groups: DesiredGroup[];
}

/** One change the sync makes. */
export type Action =
  | { kind: "create"; group: DesiredGroup }
  | { kind: "recreate"; id: string; group: DesiredGroup; reason: string }
  | { kind: "update-policies"; id: string; name: string; policies: DesiredPolicy[]; policyIds: string[] }
  | {
      kind: "replace-members";
      id: string;
      name: string;
      members: string[];
      added: string[];
      removed: string[];
    }
  | { kind: "delete"; id: string; name: string };

/** What the account has now: each group with its member ids. */
export interface CurrentGroup {
  group: UserGroup;
  members: string[];
}

const sorted = (values: Iterable<string>) => [...values].sort();

/** A policy in a form that compares equal when only the order of its ids differs. */
function policyKey(
  policy: Pick<Policy, "access"> & {
    permission_groups?: { id: string }[] | string[];
    resource_groups?: { id: string }[] | string[];
  },
) {
  const ids = (list: ({ id: string } | string)[] | undefined) =>
    sorted((list ?? []).map((entry) => (typeof entry === "string" ? entry : entry.id)));
  return JSON.stringify([policy.access, ids(policy.permission_groups), ids(policy.resource_groups)]);
}

const samePolicies = (current: Policy[] | undefined, desired: DesiredPolicy[]) =>
  JSON.stringify(sorted((current ?? []).map(policyKey))) === JSON.stringify(sorted(desired.map(policyKey)));

/**
 * The changes that turn `current` into `desired`, in the order they apply.
 * A group whose policies grow is recreated: an update can only rewrite the
 * policies a group already has (each must name its id).
 */
export function planSync(current: CurrentGroup[], desired: SyncConfig): Action[] {
  const names = desired.groups.map((group) => group.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new Error(`The config lists the user group "${duplicate}" twice.`);

  const byName = new Map(current.map((entry) => [entry.group.name, entry]));
  const actions: Action[] = [];
  for (const group of desired.groups) {
    const existing = byName.get(group.name);
    if (!existing) {
      actions.push({ kind: "create", group });
      continue;
    }
    const { id } = existing.group;
    const policies = existing.group.policies ?? [];
    if (!samePolicies(policies, group.policies)) {
      if (group.policies.length > policies.length) {
        actions.push({
          kind: "recreate",
          id,
          group,
          reason: `needs ${group.policies.length} policies, has ${policies.length}`,
        });
        continue;
      }
      const policyIds = policies.slice(0, group.policies.length).map((policy) => policy.id ?? "");
      actions.push({ kind: "update-policies", id, name: group.name, policies: group.policies, policyIds });
    }
    const want = new Set(group.members);
    const have = new Set(existing.members);
    const added = sorted([...want].filter((member) => !have.has(member)));
    const removed = sorted([...have].filter((member) => !want.has(member)));
    if (added.length > 0 || removed.length > 0) {
      actions.push({ kind: "replace-members", id, name: group.name, members: sorted(want), added, removed });
    }
  }
  const wanted = new Set(names);
  for (const { group } of current) {
    if (!wanted.has(group.name)) actions.push({ kind: "delete", id: group.id, name: group.name });
  }
  return actions;
}

/** One line per action, as a dry run prints them. */
export function describePlan(actions: Action[]): string[] {
  return actions.length === 0 ? ["Nothing to change."] : actions.map(describeAction);
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describeAction(action: Action): string {
  switch (action.kind) {
    case "create":
      return `+ create "${action.group.name}" (${count(action.group.policies.length, "policy", "policies")}, ${count(action.group.members.length, "member", "members")})`;
    case "recreate":
      return `± recreate "${action.group.name}" (${action.reason})`;
    case "update-policies":
      return `~ update the policies of "${action.name}"`;
    case "replace-members":
      return `~ set the members of "${action.name}": ${[...action.added.map((id) => `+${id}`), ...action.removed.map((id) => `-${id}`)].join(" ")}`;
    case "delete":
      return `- delete "${action.name}"`;
  }
}

const toInput = (policy: DesiredPolicy): PolicyInput => ({
  access: policy.access,
  permission_groups: policy.permission_groups.map((id) => ({ id })),
  resource_groups: policy.resource_groups.map((id) => ({ id })),
});

/** Reads every user group of the account, with its members, through the client's pagination. */
export async function readAccount(client: UserGroupsClient, accountId: string): Promise<CurrentGroup[]> {
  const userGroups = client.iam.userGroups;
  const current: CurrentGroup[] = [];
  for await (const group of userGroups.list({ account_id: accountId, per_page: 100 })) {
    const members: string[] = [];
    for await (const member of userGroups.members.list(group.id, { account_id: accountId, per_page: 100 })) {
      members.push(member.id);
    }
    current.push({ group, members });
  }
  return current;
}

/** Applies a plan, in order. */
export async function applyPlan(
  client: UserGroupsClient,
  accountId: string,
  actions: Action[],
): Promise<void> {
  const userGroups = client.iam.userGroups;
  const account_id = accountId;
  const create = async (group: DesiredGroup): Promise<void> => {
    const body = { account_id, name: group.name, policies: group.policies.map(toInput) };
    const created = await userGroups.create(body).catch(async (error: unknown) => {
      // The client does not repeat a create that may have gone through: look before creating again.
      if (!(error instanceof APIError && error.mayHaveBeenApplied)) throw error;
      for await (const existing of userGroups.list({ account_id, name: group.name })) return existing;
      return userGroups.create(body);
    });
    if (group.members.length > 0) {
      await userGroups.members.update(created.id, {
        account_id,
        members: group.members.map((id) => ({ id })),
      });
    }
  };
  for (const action of actions) {
    switch (action.kind) {
      case "create":
        await create(action.group);
        break;
      case "recreate":
        await userGroups.delete(action.id, { account_id });
        await create(action.group);
        break;
      case "update-policies":
        await userGroups.update(action.id, {
          account_id,
          policies: action.policies.map((policy, index) => ({
            ...toInput(policy),
            id: action.policyIds[index] ?? "",
          })),
        });
        break;
      case "replace-members":
        await userGroups.members.update(action.id, {
          account_id,
          members: action.members.map((id) => ({ id })),
        });
        break;
      case "delete":
        await userGroups.delete(action.id, { account_id });
        break;
    }
  }
}

/** Options for {@link syncUserGroups}. */
export interface SyncOptions {
  accountId: string;
  /** Plan only: print what would change and change nothing. */
  dryRun?: boolean;
  /** Where the plan goes. */
  log?: (line: string) => void;
}

/**
 * Makes the account's user groups and memberships match the config, or with
 * `dryRun` only prints what that would take. Returns the plan.
 */
export async function syncUserGroups(
  client: UserGroupsClient,
  config: SyncConfig,
  options: SyncOptions,
): Promise<Action[]> {
  const log = options.log ?? console.log;
  const actions = planSync(await readAccount(client, options.accountId), config);
  for (const line of describePlan(actions)) log(line);
  if (!options.dryRun) await applyPlan(client, options.accountId, actions);
  return actions;
}
