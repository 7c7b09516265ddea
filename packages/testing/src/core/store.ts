import type { Member, MemberStatus, Policy, PolicyResourceGroup, UserGroup } from "@cf-user-groups/types";

/**
 * A member of the account's directory: who can be added to user groups.
 *
 * @example
 * ```ts
 * const alice: AccountMember = { id: "4f5f0c14a2a41d5063dd301b2f829f04", email: "alice@example.com", status: "accepted" };
 * ```
 */
export interface AccountMember {
  id: string;
  email?: string;
  status?: MemberStatus;
  /** The user behind the membership, as `getUserGroupMember` shows it. */
  user?: { id?: string; email?: string; first_name?: string; last_name?: string };
}

/**
 * A policy to seed: as the API returns it, and its `id` and its resource
 * groups' `scope` may be left out (the fake assigns an id, and gives a
 * resource group named by id alone every object of the account).
 *
 * @example
 * ```ts
 * const seed: PolicySeed = { access: "allow", permission_groups: [{ id: readOnly }], resource_groups: [{ id: allZones }] };
 * ```
 */
export type PolicySeed = Omit<Policy, "id" | "resource_groups"> & {
  id?: string;
  resource_groups?: (Omit<PolicyResourceGroup, "scope"> & { scope?: PolicyResourceGroup["scope"] })[];
};

/**
 * A user group to start the store with: a `UserGroup` whose server-assigned
 * fields may be left out, plus the ids of its members (from the directory).
 *
 * @example
 * ```ts
 * const seed: UserGroupSeed = { name: "Auditors", members: ["4f5f0c14a2a41d5063dd301b2f829f04"] };
 * ```
 */
export interface UserGroupSeed {
  id?: string;
  name: string;
  /** Cloudflare's status code for the group. @default "V" */
  status?: string;
  /**
   * A group synced from an identity provider: its name, members and
   * existence can only change there, so renaming it, changing its members or
   * deleting it through the API fails (400, code 1013) and changes nothing.
   * Its policies can still be changed. Named after Cloudflare's docs: "when
   * you manage User Groups with SCIM".
   * @default false
   */
  managedBySCIM?: boolean;
  policies?: PolicySeed[];
  created_on?: string;
  modified_on?: string;
  /** Ids of account members in the group. */
  members?: string[];
}

/** A user group as stored: what the API returns for it. */
export interface StoredGroup {
  id: string;
  name: string;
  status: string;
  created_on: string;
  modified_on: string;
  policies: Policy[];
}

/** Groups sort by name, then id, so equal names still come back in a stable order. */
const byName = (a: StoredGroup, b: StoredGroup) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const NO_MEMBERS: ReadonlyMap<string, string> = new Map();

/**
 * One account's user groups, their memberships, and its member directory.
 * Policies are frozen and shared between groups that have the same ones
 * (see `intern`): they are replaced, never changed in place.
 */
export class AccountData {
  readonly groups = new Map<string, StoredGroup>();
  /** Group id → (member id → when it joined); a group without members has no entry, which saves a Map per group. */
  readonly memberships = new Map<string, Map<string, string>>();
  readonly directory = new Map<string, AccountMember>();
  /** Ids of the groups managed by SCIM (see `UserGroupSeed.managedBySCIM`). */
  readonly managedBySCIM = new Set<string>();
  #sorted: StoredGroup[] | undefined;
  #lowerNames: string[] | undefined;

  constructor(readonly intern: <T>(value: T) => T) {}

  /** The group's members (member id → when it joined), or undefined for an unknown group. */
  membersOf(groupId: string): ReadonlyMap<string, string> | undefined {
    if (!this.groups.has(groupId)) return undefined;
    return this.memberships.get(groupId) ?? NO_MEMBERS;
  }

  /** The group's members, to change; the group must exist. */
  writableMembersOf(groupId: string): Map<string, string> {
    let members = this.memberships.get(groupId);
    if (!members) {
      members = new Map();
      this.memberships.set(groupId, members);
    }
    return members;
  }

  /** A copy to change independently: groups and memberships copied, frozen policies and directory entries shared. */
  clone(): AccountData {
    const copy = new AccountData(this.intern);
    for (const [id, group] of this.groups) copy.groups.set(id, { ...group });
    for (const [id, members] of this.memberships) copy.memberships.set(id, new Map(members));
    for (const [id, member] of this.directory) copy.directory.set(id, member);
    for (const id of this.managedBySCIM) copy.managedBySCIM.add(id);
    return copy;
  }

  /** Every group, sorted by name; computed once after each change, not per request. */
  sortedGroups(): StoredGroup[] {
    this.#sorted ??= [...this.groups.values()].sort(byName);
    return this.#sorted;
  }

  /** The names of `sortedGroups()` in lower case, index for index, for case-insensitive filters. */
  lowerCaseNames(): string[] {
    this.#lowerNames ??= this.sortedGroups().map((group) => group.name.toLowerCase());
    return this.#lowerNames;
  }

  /** Call after any change to `groups`. */
  changed(): void {
    this.#sorted = undefined;
    this.#lowerNames = undefined;
  }

  /** A member as the API shows it: id, email and status from the directory. */
  member(id: string): Member {
    const entry = this.directory.get(id);
    const member: Member = { id };
    if (entry?.email !== undefined) member.email = entry.email;
    if (entry?.status !== undefined) member.status = entry.status;
    return member;
  }
}

/**
 * Returns one frozen instance per distinct JSON value, so the many groups that
 * share a policy's permission and resource groups share one copy in memory.
 */
export function createInterner(): <T>(value: T) => T {
  const seen = new Map<string, unknown>();
  const freeze = (value: unknown): unknown => {
    if (value && typeof value === "object") {
      for (const child of Object.values(value)) freeze(child);
      Object.freeze(value);
    }
    return value;
  };
  return <T>(value: T): T => {
    const key = JSON.stringify(value);
    let shared = seen.get(key);
    if (shared === undefined) {
      shared = freeze(structuredClone(value));
      seen.set(key, shared);
    }
    return shared as T;
  };
}

/**
 * One account's data as plain JSON: what a snapshot holds per account.
 *
 * @example
 * ```ts
 * const state: AccountState = mock.snapshot().accounts[mock.accountId];
 * ```
 */
export interface AccountState {
  /** The account's member directory. */
  directory: AccountMember[];
  /** Its user groups, as the API returns them. */
  groups: StoredGroup[];
  /** Group id → (member id → when the member joined, ISO 8601). */
  memberships: Record<string, Record<string, string>>;
  /** Ids of the groups managed by SCIM. */
  managedBySCIM?: string[];
}

/** Every account's data; accounts other than the default start empty. */
export class MockStore {
  readonly #accounts: Map<string, AccountData>;
  readonly #intern: <T>(value: T) => T;

  constructor(
    readonly defaultAccountId: string,
    accounts?: Map<string, AccountData>,
    intern: <T>(value: T) => T = createInterner(),
  ) {
    this.#intern = intern;
    this.#accounts = accounts ?? new Map();
  }

  /** The account's data, or undefined for an account nothing was ever written to. */
  find(accountId: string = this.defaultAccountId): AccountData | undefined {
    return this.#accounts.get(accountId);
  }

  /**
   * The account's data for reading: an account nothing was written to reads
   * as empty, without being added, so reads never change the store.
   */
  read(accountId: string = this.defaultAccountId): AccountData {
    return this.#accounts.get(accountId) ?? new AccountData(this.#intern);
  }

  /** The account's data for writing, created empty on first use. */
  account(accountId: string = this.defaultAccountId): AccountData {
    let account = this.#accounts.get(accountId);
    if (!account) {
      account = new AccountData(this.#intern);
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /** A copy to change independently (what `reset()` starts from). */
  clone(): MockStore {
    return new MockStore(
      this.defaultAccountId,
      new Map([...this.#accounts].map(([id, account]) => [id, account.clone()])),
      this.#intern,
    );
  }

  /** A store holding exactly `accounts` (as {@link snapshot} gives them). */
  static fromState(defaultAccountId: string, accounts: Record<string, AccountState>): MockStore {
    const store = new MockStore(defaultAccountId);
    for (const [accountId, state] of Object.entries(accounts)) store.load(accountId, state);
    return store;
  }

  /** Replaces an account's data with `state` (as {@link snapshot} gives it). */
  load(accountId: string, state: AccountState): void {
    const account = new AccountData(this.#intern);
    for (const member of state.directory) account.directory.set(member.id, account.intern(member));
    for (const group of state.groups) {
      account.groups.set(group.id, {
        ...structuredClone(group),
        policies: group.policies.map((policy) => account.intern(policy)),
      });
    }
    for (const [groupId, members] of Object.entries(state.memberships)) {
      if (Object.keys(members).length > 0) account.memberships.set(groupId, new Map(Object.entries(members)));
    }
    for (const groupId of state.managedBySCIM ?? []) account.managedBySCIM.add(groupId);
    account.changed();
    this.#accounts.set(accountId, account);
  }

  /** Forgets an account's data. */
  remove(accountId: string): void {
    this.#accounts.delete(accountId);
  }

  /** The ids of every account something was written to. */
  accountIds(): string[] {
    return [...this.#accounts.keys()];
  }

  /** The account's user groups, sorted by name, as the API returns them. */
  listUserGroups(accountId?: string): UserGroup[] {
    return structuredClone(this.read(accountId).sortedGroups());
  }

  /** One user group, as the API returns it, or undefined. */
  getUserGroup(id: string, accountId?: string): UserGroup | undefined {
    const group = this.read(accountId).groups.get(id);
    return group && structuredClone(group);
  }

  /** The members of a user group, sorted by email, or undefined for an unknown group. */
  listMembers(userGroupId: string, accountId?: string): Member[] | undefined {
    const account = this.read(accountId);
    const ids = account.membersOf(userGroupId);
    if (!ids) return undefined;
    return [...ids.keys()].map((id) => account.member(id)).sort(byEmail);
  }

  /** Everything in the store, as plain data: compare two snapshots to see whether a request changed anything. */
  snapshot(): Record<string, AccountState> {
    return Object.fromEntries(
      [...this.#accounts.keys()].map((accountId) => [accountId, this.accountState(accountId)]),
    );
  }

  /** One account's data as plain JSON, or an empty account's for one nothing was written to. */
  accountState(accountId: string = this.defaultAccountId): AccountState {
    const account = this.read(accountId);
    return structuredClone({
      directory: [...account.directory.values()],
      groups: [...account.groups.values()],
      memberships: Object.fromEntries(
        [...account.groups.keys()].map((id) => [id, Object.fromEntries(account.membersOf(id) ?? [])]),
      ),
      ...(account.managedBySCIM.size > 0 ? { managedBySCIM: [...account.managedBySCIM] } : {}),
    });
  }
}

/** Members sort by email, then id. */
export const byEmail = (a: Member, b: Member) => {
  const x = a.email ?? "";
  const y = b.email ?? "";
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};
