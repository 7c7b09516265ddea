import type { Member, Policy, UserGroup } from "@cf-user-groups/types";
import { createIdGenerator } from "./core/ids.js";

// Salted, so built data never takes the ids a mock with the same seed will assign.
const SALT = 0x0fac7029;
let newId = createIdGenerator(1 ^ SALT);
let count = 0;
const CREATED_ON = "2026-01-01T00:00:00.000Z";
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

/**
 * Restarts the factories' sequence, so the same seed builds the same data.
 *
 * @example
 * ```ts
 * beforeEach(() => seedFactories(42));
 * ```
 */
export function seedFactories(seed: number): void {
  newId = createIdGenerator(seed ^ SALT);
  count = 0;
}

/**
 * A policy as the API returns it: allow one permission group on one resource
 * group covering the whole account, unless overridden.
 *
 * @example
 * ```ts
 * const deny = buildPolicy({ access: "deny" });
 * ```
 */
export function buildPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: newId(),
    access: "allow",
    permission_groups: [{ id: newId(), name: "Zone Read" }],
    resource_groups: [
      { id: newId(), scope: { key: `com.cloudflare.api.account.${ACCOUNT}`, objects: [{ key: "*" }] } },
    ],
    ...overrides,
  };
}

/**
 * A user group as the API returns it, with one policy, unless overridden.
 * Pass it (with `members`, if you like) in `createUserGroupsMock({ groups })`.
 *
 * @example
 * ```ts
 * const mock = createUserGroupsMock({ groups: [buildUserGroup({ name: "Auditors" })] });
 * ```
 */
export function buildUserGroup(overrides: Partial<UserGroup> = {}): UserGroup {
  count += 1;
  return {
    id: newId(),
    name: `User group ${count}`,
    status: "V",
    created_on: CREATED_ON,
    modified_on: CREATED_ON,
    policies: [buildPolicy()],
    ...overrides,
  };
}

/**
 * An account member as the API returns it, unless overridden. Also fits
 * `createUserGroupsMock({ accountMembers })`.
 *
 * @example
 * ```ts
 * const pending = buildMember({ status: "pending" });
 * ```
 */
export function buildMember(overrides: Partial<Member> = {}): Member {
  count += 1;
  return { id: newId(), email: `member${count}@example.com`, status: "accepted", ...overrides };
}
