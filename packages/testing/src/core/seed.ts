import type { Policy } from "@cf-user-groups/types";
import { DEFAULT_ACCOUNT_ID, defaultAccountMembers, type SeedData } from "./mock-options.js";
import { MockStore } from "./store.js";

/**
 * A store holding the seeded directory and groups, and how many ids seeding
 * took from `nextId`. The data must have passed `seedDataProblem`.
 */
export function seedStore(
  data: SeedData,
  nextId: () => string,
  createdOn: string,
): { store: MockStore; idsUsed: number } {
  let idsUsed = 0;
  const newId = () => {
    idsUsed++;
    return nextId();
  };
  const store = new MockStore(data.accountId ?? DEFAULT_ACCOUNT_ID);
  // A resource group seeded by id alone covers every object of the account, as the API gives a new policy.
  const withScope = <Group extends { scope?: unknown }>(group: Group) =>
    group.scope === undefined
      ? {
          ...group,
          scope: { key: `com.cloudflare.api.account.${store.defaultAccountId}`, objects: [{ key: "*" }] },
        }
      : group;
  const account = store.account();
  for (const member of data.accountMembers ?? defaultAccountMembers) {
    account.directory.set(member.id, account.intern(member));
  }
  const explicit = new Set(
    (data.groups ?? []).flatMap((group) => (group.id === undefined ? [] : [group.id])),
  );
  for (const seed of data.groups ?? []) {
    let id = seed.id;
    // A generated id never takes one that another seeded group names.
    while (id === undefined || (seed.id === undefined && (explicit.has(id) || account.groups.has(id))))
      id = newId();
    for (const memberId of seed.members ?? []) account.writableMembersOf(id).set(memberId, createdOn);
    if (seed.managedBySCIM) account.managedBySCIM.add(id);
    account.groups.set(id, {
      id,
      name: seed.name,
      status: seed.status ?? "V",
      created_on: seed.created_on ?? createdOn,
      modified_on: seed.modified_on ?? seed.created_on ?? createdOn,
      policies: (seed.policies ?? []).map(
        (policy): Policy =>
          Object.freeze({
            ...account.intern({
              ...policy,
              ...(policy.resource_groups ? { resource_groups: policy.resource_groups.map(withScope) } : {}),
            } as Policy),
            id: policy.id ?? newId(),
          }),
      ),
    });
  }
  account.changed();
  return { store, idsUsed };
}
