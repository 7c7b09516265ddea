import type { OperationId } from "@cf-user-groups/types";
import * as validators from "../generated/validators.js";
import type { AuthOption } from "./auth.js";
import type { FakeState } from "./fake-state.js";
import {
  type FailOptions,
  type FaultScope,
  failFault,
  type NetworkErrorOptions,
  type OperationTarget,
  quirkFault,
  type RateLimitQuirkOptions,
} from "./faults.js";
import { IdSequence } from "./ids.js";
import { type SeedData, schemaProblem, seedDataProblem } from "./mock-options.js";
import { CLOUDFLARE_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import type { LoggedRequest } from "./request-log.js";
import { ResponseValidationError } from "./response-validation.js";
import { seedStore } from "./seed.js";
import { type AccountState, MockStore } from "./store.js";

/**
 * Everything a fake holds, as JSON: every account's data and how far the id
 * sequence has gone. `mock.restore()` (or `PUT /__admin/state`, or the CLI's
 * `--state` file) brings it back.
 *
 * @example
 * ```ts
 * const saved = mock.snapshot();
 * // … a test changes things …
 * mock.restore(saved);
 * ```
 */
export interface MockSnapshot {
  /** The snapshot format. */
  version: 1;
  /** The account the seeded data belongs to. */
  accountId: string;
  /** How many ids the fake has assigned; a restored fake continues after them. */
  idsUsed: number;
  /** Account id → its data. */
  accounts: Record<string, AccountState>;
}

/**
 * Which logged requests to list.
 *
 * @example
 * ```ts
 * const creates = await remote.requests({ operationId: "createUserGroup", status: 200 });
 * ```
 */
export interface RequestFilter {
  operationId?: OperationId | undefined;
  status?: number | undefined;
  /** Only requests for this account. */
  accountId?: string | undefined;
}

/**
 * The rate limit a fake applies, as `GET /__admin/rate-limit` reports it.
 *
 * @example
 * ```ts
 * expect(await remote.rateLimit()).toEqual({ enabled: true, requests: 1200, windowSeconds: 300, blockSeconds: 300 });
 * ```
 */
export type RateLimitState = { enabled: false } | ({ enabled: true } & Required<RateLimitOptions>);

/** A spec violation as a control-plane reply lists it. */
export interface ViolationReport {
  operationId: OperationId;
  status: number;
  pointer: string;
  /** What is wrong at `pointer`. */
  problem: string;
  /** The whole message, with a snippet of the body. */
  message: string;
}

/**
 * Everything the control plane can do to a fake, whether in its own process
 * (`mock.fail(…)`) or from another (`POST /__admin/faults`). The HTTP
 * handlers and the in-process methods call these, so both behave the same.
 */
export const controls = {
  /** Back to the seeded state; returns the violations since the last reset, which it clears. */
  reset(state: FakeState): ResponseValidationError[] {
    state.faults.clear();
    state.requests.length = 0;
    state.clock.reset();
    state.rebuild();
    return state.violations.splice(0);
  },

  fail(state: FakeState, target: OperationTarget, options?: FailOptions): void {
    state.faults.add(target, failFault(options), options?.times ?? 1, options?.accountId);
  },

  networkError(state: FakeState, target: OperationTarget, options?: NetworkErrorOptions): void {
    const afterApply = options?.afterApply ?? false;
    if (typeof afterApply !== "boolean") throw new TypeError("`afterApply` must be a boolean.");
    state.faults.add(target, { kind: "network", afterApply }, options?.times ?? 1, options?.accountId);
  },

  delay(state: FakeState, target: OperationTarget, ms: number, options?: FaultScope): void {
    state.faults.setDelay(target, ms, options?.accountId);
  },

  rateLimitQuirk(state: FakeState, target: OperationTarget, options: RateLimitQuirkOptions): void {
    state.faults.add(target, quirkFault(options), options?.times ?? 1, options?.accountId);
  },

  /** Turns the rate limit on (fields left out take Cloudflare's values, `true` all of them) or off, with fresh counts. */
  setRateLimit(state: FakeState, options: RateLimitOptions | boolean): void {
    state.rateLimiter =
      options === false ? undefined : new RateLimiter(options === true ? CLOUDFLARE_RATE_LIMIT : options);
  },

  /** The rate limit in force, or `{ enabled: false }`. */
  rateLimit(state: FakeState): RateLimitState {
    return state.rateLimiter ? { enabled: true, ...state.rateLimiter.limit } : { enabled: false };
  },

  clearFaults(state: FakeState, options?: FaultScope): void {
    state.faults.clear(options?.accountId);
  },

  /** Empties the request log, or drops only one account's requests. */
  clearRequests(state: FakeState, options?: FaultScope): void {
    if (options?.accountId === undefined) {
      state.requests.length = 0;
      return;
    }
    const kept = state.requests.filter((entry) => entry.params.account_id !== options.accountId);
    state.requests.splice(0, state.requests.length, ...kept);
  },

  /**
   * Forgets an account a test no longer needs (an isolated one), so a
   * long-running server does not keep every test's data. The seeded
   * account cannot be released.
   */
  releaseAccount(state: FakeState, accountId: string): void {
    if (!validators.identifier(accountId)) {
      throw new TypeError(
        `releaseAccount: the account id must be a 32-character identifier, got ${JSON.stringify(accountId)}.`,
      );
    }
    if (accountId === state.accountId) {
      throw new TypeError("releaseAccount: the seeded account cannot be released; reset() restores it.");
    }
    state.store.remove(accountId);
    state.faults.clear(accountId);
    controls.clearRequests(state, { accountId });
  },

  snapshot(state: FakeState): MockSnapshot {
    return {
      version: 1,
      accountId: state.accountId,
      idsUsed: state.ids.used,
      accounts: state.store.snapshot(),
    };
  },

  /**
   * Replaces the store with a snapshot, or with seed data in the `--data`
   * format (whose `auth`, if given, replaces the credentials accepted until
   * the next reset). Throws a TypeError naming the first problem, changing
   * nothing.
   */
  restore(state: FakeState, input: MockSnapshot | SeedData, root = "snapshot"): void {
    if (typeof input === "object" && input !== null && "version" in input) {
      const problem = snapshotProblem(input, root);
      if (problem) throw new TypeError(`restore: ${problem}.`);
      state.store = MockStore.fromState(input.accountId, input.accounts);
      state.ids = new IdSequence(state.seed, input.idsUsed);
      return;
    }
    const problem = seedDataProblem(input, root === "snapshot" ? "data" : root);
    if (problem) throw new TypeError(`restore: ${problem}.`);
    const data = input as SeedData;
    const ids = new IdSequence(state.seed);
    state.store = seedStore(data, () => ids.next(), state.clock.now().toISOString()).store;
    state.ids = ids;
    if (data.auth !== undefined) state.auth = data.auth as AuthOption;
  },

  /**
   * A new account holding a copy of the data the fake was seeded with, for
   * one test: concurrent tests that each take one never see each other's data.
   */
  isolatedAccount(state: FakeState): string {
    let accountId = state.isolatedIds.next();
    while (state.store.find(accountId) || accountId === state.accountId) accountId = state.isolatedIds.next();
    state.store.load(accountId, state.seeded.store.accountState());
    return accountId;
  },
};

/** The logged requests that match `filter`, in log order. */
export function filterRequests(
  requests: readonly LoggedRequest[],
  filter: RequestFilter = {},
): LoggedRequest[] {
  return requests.filter(
    (entry) =>
      (filter.operationId === undefined || entry.operationId === filter.operationId) &&
      (filter.status === undefined || entry.status === filter.status) &&
      (filter.accountId === undefined || entry.params.account_id === filter.accountId),
  );
}

/** The violations as the control plane reports them. */
export const violationReports = (violations: ResponseValidationError[]): ViolationReport[] =>
  violations.map(({ operationId, status, pointer, problem, message }) => ({
    operationId,
    status,
    pointer,
    problem,
    message,
  }));

/** The error `reset()` throws for the violations it cleared, or undefined when there were none. */
export function violationsError(
  violations: readonly ResponseValidationError[],
): ResponseValidationError | undefined {
  const [first] = violations;
  if (!first || violations.length === 1) return first;
  const others = violations
    .slice(1)
    .map(
      (violation) =>
        `${violation.operationId} ${violation.status} ${violation.pointer || "(root)"} ${violation.problem}`,
    );
  return new ResponseValidationError(
    first.operationId,
    first.status,
    first.pointer,
    `${first.problem} (the first of ${violations.length} responses since the last reset that broke the spec; the others: ${others.join("; ")})`,
    first.body,
  );
}

/** The first problem with a snapshot: its schema, then ids that must agree. */
function snapshotProblem(snapshot: unknown, root: string): string | undefined {
  const problem = schemaProblem(validators.stateSnapshot, snapshot, root);
  if (problem) return problem;
  for (const [accountId, account] of Object.entries((snapshot as MockSnapshot).accounts)) {
    const at = `${root}.accounts[${JSON.stringify(accountId)}]`;
    const members = new Set(account.directory.map((member) => member.id));
    if (members.size !== account.directory.length) return `${at}.directory lists a member twice`;
    const groups = new Set(account.groups.map((group) => group.id));
    if (groups.size !== account.groups.length) return `${at}.groups lists a group twice`;
    for (const [groupId, joined] of Object.entries(account.memberships)) {
      if (!groups.has(groupId)) return `${at}.memberships names group ${groupId}, which is not in groups`;
      const outsider = Object.keys(joined).find((memberId) => !members.has(memberId));
      if (outsider)
        return `${at}.memberships[${JSON.stringify(groupId)}] names ${outsider}, who is not in directory`;
    }
  }
  return undefined;
}
