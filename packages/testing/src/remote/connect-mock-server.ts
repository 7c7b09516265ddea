import type { OperationId } from "@cf-user-groups/types";
import type { MockSnapshot, RateLimitState, RequestFilter, ViolationReport } from "../core/controls.js";
import type {
  FailOptions,
  FaultScope,
  NetworkErrorOptions,
  OperationTarget,
  RateLimitQuirkOptions,
} from "../core/faults.js";
import type { SeedData } from "../core/mock-options.js";
import type { RateLimitOptions } from "../core/rate-limit.js";
import type { LoggedRequest } from "../core/request-log.js";
import { ResponseValidationError } from "../core/response-validation.js";

/**
 * The clock of a fake in another process.
 *
 * @example
 * ```ts
 * await remote.clock.advance(5 * 60_000);
 * ```
 */
export interface RemoteClock {
  /** The fake's current time. */
  now(): Promise<Date>;
  /** Moves the clock by `ms`; resolves to the new time. */
  advance(ms: number): Promise<Date>;
  /** Sets the clock to `time`, standing still there with `frozen`; resolves to the new time. */
  set(time: Date | string | number, options?: { frozen?: boolean }): Promise<Date>;
  /** Back on the system clock, running; resolves to the time. */
  reset(): Promise<Date>;
}

/**
 * A fake running in another process (`cf-user-groups-mock`, or
 * `startMockServer` elsewhere), driven over its `/__admin/` control plane.
 * The same controls as an in-process mock, async.
 *
 * @example
 * ```ts
 * const remote = connectMockServer("http://127.0.0.1:8787");
 * await remote.reset();
 * await remote.fail("createUserGroup", { status: 503 });
 * ```
 */
export interface RemoteMock {
  /** The server's origin. */
  readonly url: string;
  /** Where the API lives (`url` + `/client/v4`): a client's base URL. */
  readonly baseURL: string;
  /** The fake's clock. */
  readonly clock: RemoteClock;
  /** Resolves once the server answers, retrying for up to `timeoutMs` (for a server still starting). */
  ready(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Back to the seeded state: data, ids, faults, delays, the log, the clock,
   * isolated accounts. Then rejects with a `ResponseValidationError` if a
   * response since the last reset broke the spec.
   */
  reset(): Promise<void>;
  /** Makes the next `times` requests to an operation fail with an error envelope. */
  fail(target: OperationTarget, options?: FailOptions): Promise<void>;
  /** Makes the next `times` requests to an operation fail without a response. */
  networkError(target: OperationTarget, options?: NetworkErrorOptions): Promise<void>;
  /** Delays every request to an operation (or `"*"`) by `ms`; 0 removes the delay. */
  delay(target: OperationTarget, ms: number, options?: FaultScope): Promise<void>;
  /** Makes the next `times` requests get one of the live API's odd 429s. */
  rateLimitQuirk(target: OperationTarget, options: RateLimitQuirkOptions): Promise<void>;
  /** Turns the rate limit on (`true`, or your own numbers) or off (`false`). */
  setRateLimit(options: RateLimitOptions | boolean): Promise<void>;
  /** The rate limit in force. */
  rateLimit(): Promise<RateLimitState>;
  /** Removes every fault and delay, or only one account's. */
  clearFaults(options?: FaultScope): Promise<void>;
  /** The request log, oldest first, optionally filtered. */
  requests(filter?: RequestFilter): Promise<LoggedRequest[]>;
  /** Empties the request log, or drops only one account's requests. */
  clearRequests(options?: FaultScope): Promise<void>;
  /** Forgets an isolated account: its data, faults and logged requests. */
  releaseAccount(accountId: string): Promise<void>;
  /** Every account's data and the id sequence's position. */
  snapshot(): Promise<MockSnapshot>;
  /** Replaces the store with a snapshot, or with seed data in the `--data` format. */
  restore(state: MockSnapshot | SeedData): Promise<void>;
  /** Writes the server's `--state` file now; resolves to its path. */
  saveState(): Promise<string>;
  /** A new account with a copy of the seeded data, for one test. */
  isolatedAccount(): Promise<string>;
}

/** Options for {@link connectMockServer}. */
export interface ConnectOptions {
  /** A fetch to call the control plane with; by default the global `fetch`, looked up on each call. */
  fetch?: typeof fetch;
}

/**
 * Thrown when the control plane refuses a request: `status` and the
 * server's message, which names the field at fault.
 *
 * @example
 * ```ts
 * await remote.delay("*", -1).catch((error: MockServerError) => console.log(error.status)); // 400
 * ```
 */
export class MockServerError extends Error {
  override name = "MockServerError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A handle on a fake running in another process, by its URL (with or
 * without `/client/v4`). It works in Node and in browsers (with the server's
 * `cors` on), and has the shape of the in-process controls, so Playwright
 * tests, Vitest `globalSetup` and tests in other runners drive the fake as
 * unit tests do.
 *
 * @example
 * ```ts
 * const remote = connectMockServer(process.env.CF_MOCK_URL ?? "http://127.0.0.1:8787");
 * await remote.ready();
 * const accountId = await remote.isolatedAccount();
 * await remote.clock.advance(60_000);
 * expect(await remote.requests({ operationId: "createUserGroup" })).toHaveLength(1);
 * ```
 */
export function connectMockServer(url: string, options: ConnectOptions = {}): RemoteMock {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`connectMockServer: ${JSON.stringify(url)} is not an absolute URL.`);
  }
  // Before the origin: other schemes (`localhost:8787` parses as one) have the opaque origin "null".
  if (!/^https?:$/.test(parsed.protocol)) {
    throw new TypeError(`connectMockServer: ${JSON.stringify(url)} is not an http(s) URL.`);
  }
  const { origin } = parsed;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await (options.fetch ?? fetch)(`${origin}/__admin${path}`, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message =
        (parsed as { errors?: { message?: unknown }[] } | undefined)?.errors?.[0]?.message ??
        `${method} /__admin${path} answered ${response.status}.`;
      if (response.status === 400) throw new TypeError(String(message));
      throw new MockServerError(response.status, String(message));
    }
    return parsed as T;
  };
  const post = <T = unknown>(path: string, body?: unknown) => call<T>("POST", path, body);
  const fault = (operationId: OperationTarget, kind: string, rest: object) =>
    post("/faults", { operationId, kind, ...rest }).then(() => undefined);
  const clockTime = async (reply: Promise<{ now: string }>) => new Date((await reply).now);

  return {
    url: origin,
    baseURL: `${origin}/client/v4`,
    clock: {
      now: () => clockTime(call("GET", "/clock")),
      advance: (ms) => clockTime(post("/clock", { advanceMs: ms })),
      set: (time, { frozen = false } = {}) =>
        clockTime(post("/clock", { now: new Date(time).toISOString(), frozen })),
      reset: () => clockTime(call("DELETE", "/clock")),
    },
    async ready({ timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
        try {
          await call("GET", "/health");
          return;
        } catch (error) {
          if (error instanceof MockServerError || Date.now() + wait > deadline) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    async reset() {
      const { violations } = await post<{ violations: ViolationReport[] }>("/reset");
      const [first, ...others] = violations;
      if (first) {
        throw new ResponseValidationError(
          first.operationId as OperationId,
          first.status,
          first.pointer,
          others.length === 0
            ? first.problem
            : `${first.problem} (the first of ${violations.length} responses since the last reset that broke the spec; the others: ${others
                .map(
                  (other) =>
                    `${other.operationId} ${other.status} ${other.pointer || "(root)"} ${other.problem}`,
                )
                .join("; ")})`,
        );
      }
    },
    fail: (target, failOptions = {}) => fault(target, "fail", failOptions),
    networkError: (target, networkOptions = {}) => fault(target, "network", networkOptions),
    delay: (target, ms, scope = {}) => fault(target, "delay", { ms, ...scope }),
    rateLimitQuirk: (target, quirkOptions) => fault(target, "rate-limit-quirk", quirkOptions),
    setRateLimit: async (rateLimitOptions) => {
      if (rateLimitOptions === false) await call("DELETE", "/rate-limit");
      else await call("PUT", "/rate-limit", rateLimitOptions === true ? {} : rateLimitOptions);
    },
    rateLimit: () => call<RateLimitState>("GET", "/rate-limit"),
    clearFaults: ({ accountId } = {}) =>
      call(
        "DELETE",
        `/faults${accountId === undefined ? "" : `?accountId=${encodeURIComponent(accountId)}`}`,
      ).then(() => undefined),
    async requests(filter = {}) {
      const query = new URLSearchParams(
        Object.entries(filter).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, String(value)]],
        ),
      ).toString();
      return (await call<{ requests: LoggedRequest[] }>("GET", `/requests${query ? `?${query}` : ""}`))
        .requests;
    },
    clearRequests: ({ accountId } = {}) =>
      call(
        "DELETE",
        `/requests${accountId === undefined ? "" : `?accountId=${encodeURIComponent(accountId)}`}`,
      ).then(() => undefined),
    releaseAccount: (accountId) =>
      call("DELETE", `/accounts/${encodeURIComponent(accountId)}`).then(() => undefined),
    snapshot: () => call<MockSnapshot>("GET", "/state"),
    restore: (state) => call("PUT", "/state", state).then(() => undefined),
    saveState: async () => (await post<{ path: string }>("/state/save")).path,
    isolatedAccount: async () => (await post<{ accountId: string }>("/accounts")).accountId,
  };
}
