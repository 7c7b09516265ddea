import type { ValidationIssue, Validator } from "../generated/validators.js";
import * as validators from "../generated/validators.js";
import type { AuthOption } from "./auth.js";
import { checkRateLimit, type RateLimitOptions } from "./rate-limit.js";
import type { AccountMember, UserGroupSeed } from "./store.js";

/**
 * Options for {@link createUserGroupsMock} and `startMockServer`. Checked when
 * the mock is created: a wrong type or a misspelt name throws a `TypeError`
 * naming the option.
 *
 * @example
 * ```ts
 * const mock = createUserGroupsMock({ seed: 7, groups: [{ name: "Auditors" }] });
 * ```
 */
export interface UserGroupsMockOptions {
  /**
   * Seeds the ids the fake assigns, so runs are repeatable.
   * @default 1
   */
  seed?: number;
  /**
   * The clock for `created_on`, `modified_on` and `created_at`.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * The account the seeded data belongs to. Other accounts start empty.
   * @default "023e105f4ecef8ad9ca31a8372d0c353"
   */
  accountId?: string;
  /**
   * The account's member directory: who can be added to groups.
   * @default defaultAccountMembers
   */
  accountMembers?: AccountMember[];
  /** User groups to start with. */
  groups?: UserGroupSeed[];
  /**
   * Which credentials are accepted: any well-formed one (`true`), only those
   * listed, or none checked (`false`).
   * @default true
   */
  auth?: AuthOption;
  /**
   * Check every response the fake or an override sends against the spec. A
   * response that breaks it is still sent as it is, but recorded in
   * `mock.violations`, and the next `mock.reset()` throws a
   * `ResponseValidationError` naming the operation, the JSON pointer and the
   * body, so the test that caused it fails even if the app swallowed the error.
   * @default true
   */
  validateResponses?: boolean;
  /**
   * How many requests `requests` keeps; older ones are dropped. Set it for
   * long-running servers.
   * @default Infinity
   */
  requestLogLimit?: number;
  /**
   * The largest request body, in bytes, the fake reads. A larger one gets a
   * 413 envelope without being read further.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
  /**
   * Cloudflare's global rate limit: `true` for the live API's (1,200
   * requests per 300 s per credential, then 429 for 300 s), or your own
   * numbers. Counted by the fake's clock; every answer then carries the
   * `Ratelimit` and `Ratelimit-Policy` headers.
   * @default false
   */
  rateLimit?: RateLimitOptions | boolean;
  /**
   * Store each policy's permission groups and resource groups in another
   * order than the request wrote them, as the live API does, so tests show
   * whether code depends on that order.
   * @default false
   */
  scrambleOrder?: boolean;
}

/** The account the fake's seeded data belongs to unless `accountId` says otherwise (the API description's example id). */
export const DEFAULT_ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

/**
 * The default of `maxBodyBytes`: far above any real request (10,000 member
 * ids are about 420 kB), and small enough that a flood of oversized uploads
 * leaves a long-running server's memory alone.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The member directory a fake starts with when `accountMembers` is not given.
 *
 * @example
 * ```ts
 * await client.iam.userGroups.members.create(groupId, { members: [{ id: defaultAccountMembers[0].id }] });
 * ```
 */
export const defaultAccountMembers: readonly AccountMember[] = Object.freeze([
  { id: "4f5f0c14a2a41d5063dd301b2f829f04", email: "user@example.com", status: "accepted" },
  {
    id: "7c5dae5552338874e5053f2534d2767a",
    email: "alice@example.com",
    status: "accepted",
    user: { id: "1d5fdc9e88c8a8c4518b068cd94331fe", first_name: "Alice", last_name: "Smith" },
  },
  {
    id: "9a7806061c88ada191ed06f989cc3dac",
    email: "bob@example.com",
    status: "accepted",
    user: { id: "2e6fdc9e88c8a8c4518b068cd94331ff", first_name: "Bob", last_name: "Jones" },
  },
  { id: "b0d8a9f4c3e5d6f7a8b9c0d1e2f3a4b5", email: "carol@example.com", status: "pending" },
  { id: "c1e9b0a5d4f6e7a8b9c0d1e2f3a4b5c6", email: "dave@example.org", status: "accepted" },
]) as readonly AccountMember[];

/** The data part of the options: what the CLI's `--data` file and the control plane's seed hold. */
export type SeedData = Pick<UserGroupsMockOptions, "accountId" | "accountMembers" | "groups" | "auth">;

const SEED_KEYS = ["accountId", "accountMembers", "groups", "auth"] as const;
const OTHER_KEYS = [
  "seed",
  "now",
  "validateResponses",
  "requestLogLimit",
  "maxBodyBytes",
  "rateLimit",
  "scrambleOrder",
] as const;

/**
 * A JSON pointer from ajv (`/groups/0/name`) as the path a JavaScript reader
 * would write (`groups[0].name`), under `root` (none when empty).
 */
export function pathOf(pointer: string, root: string): string {
  const path = pointer
    .split("/")
    .slice(1)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce(
      (path, token) =>
        /^\d+$/.test(token)
          ? `${path}[${token}]`
          : /^[A-Za-z_$][\w$]*$/.test(token)
            ? `${path}.${token}`
            : `${path}[${JSON.stringify(token)}]`,
      root,
    );
  if (root !== "") return path;
  return path === "" ? "the data" : path.replace(/^\./, "");
}

/** The first problem a generated validator finds in `value`, as "<path> <what is wrong>", or undefined. */
export function schemaProblem(validate: Validator, value: unknown, root: string): string | undefined {
  if (validate(value)) return undefined;
  // Where a value may take several shapes (oneOf), ajv reports each shape's
  // failure; the deepest one is about the shape the value was going for.
  const issue = (validate.errors ?? []).reduce<ValidationIssue | undefined>(
    (deepest, candidate) =>
      !deepest || candidate.instancePath.split("/").length > deepest.instancePath.split("/").length
        ? candidate
        : deepest,
    undefined,
  );
  if (!issue) return `${root} is invalid`;
  const extra =
    issue.keyword === "additionalProperties"
      ? `: unknown property ${JSON.stringify(issue.params.additionalProperty)}`
      : issue.keyword === "enum"
        ? `: ${(issue.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`
        : "";
  return `${pathOf(issue.instancePath, root)} ${issue.message ?? "is invalid"}${extra}`;
}

/**
 * The first problem with seed data (the `--data` format): the schema in the
 * control plane's spec, then the rules a schema cannot say (distinct ids,
 * members that exist). Undefined when it is fine.
 */
export function seedDataProblem(data: unknown, root = ""): string | undefined {
  const problem = schemaProblem(validators.seedData, data, root);
  if (problem) return problem;
  const { accountMembers = defaultAccountMembers, groups = [] } = data as SeedData;
  const at = (path: string) => (root === "" ? path : `${root}.${path}`);
  const members = new Set<string>();
  for (const [index, member] of accountMembers.entries()) {
    if (members.has(member.id)) return `${at(`accountMembers[${index}].id`)} ${member.id} is listed twice`;
    members.add(member.id);
  }
  const groupIds = new Set<string>();
  for (const [index, group] of groups.entries()) {
    const here = at(`groups[${index}]`);
    if (group.id !== undefined) {
      if (groupIds.has(group.id)) return `${here}.id ${group.id} is seeded twice`;
      groupIds.add(group.id);
    }
    for (const [position, memberId] of (group.members ?? []).entries()) {
      if (!members.has(memberId)) return `${here}.members[${position}] ${memberId} is not in accountMembers`;
    }
    const policyIds = new Set<string>();
    for (const [position, policy] of (group.policies ?? []).entries()) {
      if (policy.id === undefined) continue;
      if (policyIds.has(policy.id)) return `${here}.policies[${position}].id ${policy.id} is listed twice`;
      policyIds.add(policy.id);
    }
  }
  return undefined;
}

/**
 * Throws a `TypeError` naming the first wrong option: an unknown name, a
 * wrong type, or seed data the schema or the store's rules refuse.
 */
export function checkMockOptions(options: unknown, caller = "createUserGroupsMock"): void {
  const fail = (problem: string): never => {
    throw new TypeError(`${caller}: ${problem}.`);
  };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    fail("options must be an object");
  }
  const given = options as Record<string, unknown>;
  const seedData: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if ((SEED_KEYS as readonly string[]).includes(key)) seedData[key] = value;
    else if (!(OTHER_KEYS as readonly string[]).includes(key)) {
      fail(`unknown option ${JSON.stringify(key)} (known: ${[...SEED_KEYS, ...OTHER_KEYS].join(", ")})`);
    }
  }
  const { seed, now, validateResponses, requestLogLimit, maxBodyBytes, rateLimit, scrambleOrder } = given;
  if (rateLimit !== undefined && typeof rateLimit !== "boolean") {
    try {
      checkRateLimit(rateLimit, "options.rateLimit");
    } catch (error) {
      fail((error as Error).message.replace(/\.$/, ""));
    }
  }
  if (scrambleOrder !== undefined && typeof scrambleOrder !== "boolean")
    fail("options.scrambleOrder must be a boolean");
  if (seed !== undefined && !Number.isSafeInteger(seed)) fail("options.seed must be a whole number");
  if (now !== undefined && typeof now !== "function") fail("options.now must be a function returning a Date");
  if (validateResponses !== undefined && typeof validateResponses !== "boolean") {
    fail("options.validateResponses must be a boolean");
  }
  if (
    requestLogLimit !== undefined &&
    !(
      requestLogLimit === Number.POSITIVE_INFINITY ||
      (Number.isSafeInteger(requestLogLimit) && (requestLogLimit as number) >= 0)
    )
  ) {
    fail("options.requestLogLimit must be a whole number, 0 or more, or Infinity");
  }
  if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && (maxBodyBytes as number) > 0)) {
    fail("options.maxBodyBytes must be a whole number of bytes above 0");
  }
  const problem = seedDataProblem(seedData, "options");
  if (problem) fail(problem);
}
