import type { OperationId } from "@cf-user-groups/types";
import type { MockClock } from "./clock.js";
import { controls, type MockSnapshot, type RateLimitState, violationsError } from "./controls.js";
import { FakeState } from "./fake-state.js";
import type {
  FailOptions,
  FaultScope,
  NetworkErrorOptions,
  OperationTarget,
  RateLimitQuirkOptions,
} from "./faults.js";
import {
  handleOperation,
  handleOverride,
  handleRequest,
  type OverrideOutcome,
  type OverrideRequest,
  refuseRequest,
} from "./handle-request.js";
import type { SeedData, UserGroupsMockOptions } from "./mock-options.js";
import type { RateLimitOptions } from "./rate-limit.js";
import type { LoggedRequest } from "./request-log.js";
import type { ResponseValidationError } from "./response-validation.js";
import type { MockStore } from "./store.js";

export type { MockSnapshot, RateLimitState, RequestFilter } from "./controls.js";
export type { OverrideOutcome, OverrideRequest } from "./handle-request.js";

export {
  DEFAULT_ACCOUNT_ID,
  defaultAccountMembers,
  type UserGroupsMockOptions,
} from "./mock-options.js";

/**
 * The fake itself: a store, the ten operations over it, fault injection, a
 * request log and response validation, answering fetch `Request`s with
 * `Response`s. It imports nothing but Web APIs, so it runs in Node, browsers
 * and Workers.
 */
export interface Fake {
  /** The data, for seeding checks and assertions. */
  readonly store: MockStore;
  /**
   * Every request the fake answered, dropped, or saw aborted, in the order it
   * did so: the order its changes were applied. A request still waiting out a
   * `delay` is not listed yet.
   */
  readonly requests: readonly LoggedRequest[];
  /**
   * Responses since the last `reset()` that broke the spec (with
   * `validateResponses` on). `reset()` throws the first of them.
   *
   * @example
   * ```ts
   * expect(mock.violations).toEqual([]);
   * ```
   */
  readonly violations: readonly ResponseValidationError[];
  /** The account the seeded data belongs to. */
  readonly accountId: string;
  /**
   * The fake's clock, for timestamps and rate-limit windows: move it to cover
   * minutes in no time. `reset()` puts it back.
   *
   * @example
   * ```ts
   * mock.clock.advance(5 * 60_000);
   * ```
   */
  readonly clock: MockClock;
  /** Answers any request: routes it to its operation, or 400 (code 7000) when it matches none. */
  handle(request: Request): Promise<Response>;
  /** Answers a request for a known operation. */
  handleOperation(operationId: OperationId, request: Request): Promise<Response>;
  /**
   * For adapters: answers a request for a known operation with an override's outcome:
   * decodes the request for `resolve`, then validates and logs what it
   * returns. Resolves to undefined when the override passes.
   */
  handleOverride(
    operationId: OperationId,
    request: Request,
    resolve: (request: OverrideRequest) => OverrideOutcome | Promise<OverrideOutcome>,
    options?: { validate?: boolean },
  ): Promise<Response | undefined>;
  /**
   * For adapters: logs a request that never reached the fake because the transport refused
   * it (a foreign `Host`, a body that is not JSON), and returns the failure
   * envelope to send.
   */
  refuse(
    request: { method: string; path: string; query?: Record<string, string>; headers: Headers },
    status: number,
    code: number,
    message: string,
  ): Response;
  /**
   * The fake as a `fetch` function: no MSW needed. A network error rejects
   * with a `TypeError`, like a real fetch.
   *
   * @example
   * ```ts
   * const client = new UserGroupsClient({ apiToken: "test", fetch: mock.fetch });
   * ```
   */
  fetch: typeof fetch;
  /**
   * Makes the next `times` requests to an operation fail with an error envelope.
   *
   * @example
   * ```ts
   * mock.fail("createUserGroup", { status: 503, retryAfter: 2 });
   * ```
   */
  fail(target: OperationTarget, options?: FailOptions): void;
  /**
   * Makes the next `times` requests to an operation fail without a response:
   * dropped before they change anything, or with `afterApply` after (the
   * write happened; only the answer is lost, as when a connection resets).
   *
   * @example
   * ```ts
   * mock.networkError("listUserGroups", { times: 2 });
   * mock.networkError("createUserGroup", { afterApply: true });
   * ```
   */
  networkError(target: OperationTarget, options?: NetworkErrorOptions): void;
  /**
   * Delays every request to an operation (or `"*"`) by `ms`, at most
   * 2,147,483,647 (a timer's limit); 0 removes the delay. With `accountId`,
   * only that account's requests (which then take that delay over one for
   * every account).
   *
   * @example
   * ```ts
   * mock.delay("*", 50);
   * ```
   */
  delay(target: OperationTarget, ms: number, options?: FaultScope): void;
  /**
   * Makes the next `times` requests to an operation get a 429 the way the
   * live API has been seen to break its own rules: `retry-after-in-body`
   * (`Retry-After: 0` with the real wait in the body's `retry_after`),
   * `null-body` or `empty-body`. Off the spec on purpose, so not validated.
   *
   * @example
   * ```ts
   * mock.rateLimitQuirk("listUserGroups", { quirk: "retry-after-in-body", retryAfter: 30 });
   * ```
   */
  rateLimitQuirk(target: OperationTarget, options: RateLimitQuirkOptions): void;
  /**
   * Turns Cloudflare's rate limit on (`true` for the live API's numbers, or
   * your own) or off (`false`), with fresh counts. `reset()` returns to the
   * `rateLimit` option.
   *
   * @example
   * ```ts
   * mock.setRateLimit({ requests: 10, windowSeconds: 60, blockSeconds: 60 });
   * ```
   */
  setRateLimit(options: RateLimitOptions | boolean): void;
  /**
   * The rate limit in force, or `{ enabled: false }`.
   *
   * @example
   * ```ts
   * expect(mock.rateLimit()).toMatchObject({ enabled: true, requests: 1200 });
   * ```
   */
  rateLimit(): RateLimitState;
  /**
   * Removes every pending failure, network error and delay, or with
   * `accountId` only those scoped to that account.
   *
   * @example
   * ```ts
   * mock.clearFaults();
   * ```
   */
  clearFaults(options?: FaultScope): void;
  /**
   * Empties the request log, or with `accountId` drops only that account's
   * requests; nothing else changes.
   *
   * @example
   * ```ts
   * mock.clearRequests();
   * ```
   */
  clearRequests(options?: FaultScope): void;
  /**
   * Forgets an isolated account (its data, faults and logged requests), so a
   * long-running fake does not keep every finished test's data.
   *
   * @example
   * ```ts
   * afterEach(() => mock.releaseAccount(accountId));
   * ```
   */
  releaseAccount(accountId: string): void;
  /**
   * Restores the state the fake was created with: data, ids, faults, delays,
   * the request log, the clock and isolated accounts. Then, if any response
   * broke the spec since the last reset, throws a `ResponseValidationError`
   * for the first: call it in `afterEach`, and the test that caused it fails.
   *
   * @example
   * ```ts
   * afterEach(() => mock.reset());
   * ```
   */
  reset(): void;
  /**
   * Every account's data and the id sequence's position, as JSON: what
   * `restore()`, `PUT /__admin/state` and the CLI's `--state` file take.
   *
   * @example
   * ```ts
   * const saved = mock.snapshot();
   * ```
   */
  snapshot(): MockSnapshot;
  /**
   * Replaces the store with a snapshot, or with seed data in the `--data`
   * format. Throws a `TypeError` naming the first problem, changing nothing.
   * Faults, the log and the clock stay; `reset()` still returns to the data
   * the fake was created with.
   *
   * @example
   * ```ts
   * mock.restore(saved);
   * ```
   */
  restore(state: MockSnapshot | SeedData): void;
  /**
   * A new account id holding a copy of the seeded data, that no other test
   * uses: tests running concurrently against one fake each take one and never
   * see each other's data.
   *
   * @example
   * ```ts
   * const client = new UserGroupsClient({ apiToken: "t", accountId: mock.isolatedAccount(), fetch: mock.fetch });
   * ```
   */
  isolatedAccount(): string;
}

/** Creates the fake; see {@link UserGroupsMockOptions}. */
export function createFake(options: UserGroupsMockOptions = {}): Fake {
  const state = new FakeState(options);
  return {
    get store() {
      return state.store;
    },
    requests: state.requests,
    violations: state.violations,
    accountId: state.accountId,
    clock: state.clock,
    handle: (request) => handleRequest(state, request),
    handleOperation: (operationId, request) => handleOperation(state, operationId, request),
    handleOverride: (operationId, request, resolve, overrideOptions) =>
      handleOverride(state, operationId, request, resolve, overrideOptions),
    refuse: (request, status, code, message) => refuseRequest(state, request, status, code, message),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const response = await handleRequest(state, request);
      // Like a real fetch: an aborted request rejects with the signal's reason.
      if (request.signal.aborted) throw request.signal.reason;
      if (response.type === "error") {
        throw new TypeError("fetch failed: network error injected by mock.networkError()");
      }
      return response;
    },
    fail: (target, failOptions) => controls.fail(state, target, failOptions),
    networkError: (target, networkOptions) => controls.networkError(state, target, networkOptions),
    delay: (target, ms, scope) => controls.delay(state, target, ms, scope),
    clearFaults: (scope) => controls.clearFaults(state, scope),
    rateLimitQuirk: (target, quirkOptions) => controls.rateLimitQuirk(state, target, quirkOptions),
    setRateLimit: (rateLimitOptions) => controls.setRateLimit(state, rateLimitOptions),
    rateLimit: () => controls.rateLimit(state),
    clearRequests: (scope) => controls.clearRequests(state, scope),
    releaseAccount: (accountId) => controls.releaseAccount(state, accountId),
    reset: () => {
      const error = violationsError(controls.reset(state));
      if (error) throw error;
    },
    snapshot: () => controls.snapshot(state),
    restore: (input) => controls.restore(state, input),
    isolatedAccount: () => controls.isolatedAccount(state),
  };
}
