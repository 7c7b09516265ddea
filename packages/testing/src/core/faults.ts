import type { OperationId, ResponseMessage } from "@cf-user-groups/types";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import * as validators from "../generated/validators.js";
import { routes } from "./routes.js";

/** An operation, or `"*"` for all of them. */
export type OperationTarget = OperationId | "*";

/**
 * How `mock.fail()` answers.
 *
 * @example
 * ```ts
 * mock.fail("listUserGroups", { status: 429, retryAfter: 1, times: 2 });
 * ```
 */
export interface FailOptions {
  /** The HTTP status. @default 500 */
  status?: number;
  /** The envelope's errors. @default [{ code: 1008, message: "Injected failure" }] */
  errors?: ResponseMessage[];
  /** Whole seconds, 0 or more, sent as `Retry-After`. */
  retryAfter?: number;
  /** How many requests fail before the operation works again. @default 1 */
  times?: number;
  /**
   * Only requests for this account fail: tests running concurrently on
   * isolated accounts then never see each other's faults. By default, every
   * account's requests.
   */
  accountId?: string;
}

/**
 * Options of `mock.networkError()`.
 *
 * @example
 * ```ts
 * mock.networkError("createUserGroup", { afterApply: true }); // created, but the answer never arrives
 * ```
 */
export interface NetworkErrorOptions extends FaultScope {
  /** How many requests are dropped. @default 1 */
  times?: number;
  /**
   * Apply the request first, then drop the connection before the answer:
   * the write happened, and the client cannot know. Without it the request
   * is dropped before it changes anything.
   * @default false
   */
  afterApply?: boolean;
}

/**
 * Which requests a network error or delay applies to.
 *
 * @example
 * ```ts
 * mock.networkError("listUserGroups", { times: 2, accountId });
 * ```
 */
export interface FaultScope {
  /** Only requests for this account. By default, every account's requests. */
  accountId?: string;
}

/**
 * How some 429s from the live API break the rules, as other API clients
 * report them: `retry-after-in-body` sends `Retry-After: 0` with the real wait
 * in the body's `retry_after`; `null-body` sends a JSON `null`; `empty-body`
 * sends nothing.
 */
export type RateLimitQuirk = "retry-after-in-body" | "null-body" | "empty-body";

/**
 * Options of `mock.rateLimitQuirk()`.
 *
 * @example
 * ```ts
 * mock.rateLimitQuirk("listUserGroups", { quirk: "retry-after-in-body", retryAfter: 30 });
 * ```
 */
export interface RateLimitQuirkOptions extends FaultScope {
  quirk: RateLimitQuirk;
  /** With `retry-after-in-body`: the seconds the body's `retry_after` says. @default 1 */
  retryAfter?: number;
  /** How many requests get it. @default 1 */
  times?: number;
}

/** A fault waiting for its next request. */
export type Fault =
  | { kind: "fail"; status: number; errors: ResponseMessage[]; retryAfter?: number }
  | { kind: "network"; afterApply: boolean }
  | { kind: "quirk"; quirk: RateLimitQuirk; retryAfter: number };

const QUIRKS: readonly RateLimitQuirk[] = ["retry-after-in-body", "null-body", "empty-body"];

/** The fault `mock.rateLimitQuirk()` adds, after checking its options. */
export function quirkFault(options: RateLimitQuirkOptions): Fault {
  const { quirk, retryAfter = 1, accountId } = options ?? ({} as RateLimitQuirkOptions);
  if (!QUIRKS.includes(quirk)) {
    throw new TypeError(
      `\`quirk\` must be one of ${QUIRKS.map((name) => JSON.stringify(name)).join(", ")}, got ${JSON.stringify(quirk)}.`,
    );
  }
  checkAccount(accountId);
  if (!(Number.isSafeInteger(retryAfter) && retryAfter >= 0)) {
    throw new TypeError(
      `\`retryAfter\` must be a whole number of seconds, 0 or more, got ${String(retryAfter)}.`,
    );
  }
  return { kind: "quirk", quirk, retryAfter };
}

/** The longest delay a timer can wait: setTimeout fires at once for anything longer. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

const TARGETS = new Set<string>(["*", ...routes.map((route) => route.operationId)]);

/** Throws a TypeError unless `target` is an operationId or "*". */
export function checkTarget(target: unknown): asserts target is OperationTarget {
  if (typeof target !== "string" || !TARGETS.has(target)) {
    throw new TypeError(
      `The target must be an operationId or "*", got ${JSON.stringify(target)} (operations: ${[...TARGETS].slice(1).join(", ")}).`,
    );
  }
}

/** Throws a TypeError unless `accountId` is undefined or an identifier. */
export function checkAccount(accountId: unknown): asserts accountId is string | undefined {
  if (accountId !== undefined && !validators.identifier(accountId)) {
    throw new TypeError(`\`accountId\` must be a 32-character identifier, got ${JSON.stringify(accountId)}.`);
  }
}

/** Throws a TypeError unless `times` is a whole number above 0. */
export function checkTimes(times: unknown): asserts times is number {
  if (!(Number.isSafeInteger(times) && (times as number) > 0)) {
    throw new TypeError(`\`times\` must be a whole number above 0, got ${String(times)}.`);
  }
}

/**
 * The fault `mock.fail()` adds, after checking its options: an error status,
 * error entries the spec allows, a whole number of seconds for `Retry-After`.
 */
export function failFault(options: FailOptions = {}): Fault {
  const { status = 500, errors, retryAfter, accountId } = options;
  checkAccount(accountId);
  if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new TypeError(`\`status\` must be an HTTP error status, 400 to 599, got ${String(status)}.`);
  }
  const entries = errors ?? [{ code: ErrorCodes.INJECTED_FAILURE, message: "Injected failure" }];
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError("`errors` needs at least one entry: failure envelopes always have one.");
  }
  if (!validators.failure(failureEnvelope(entries))) {
    const [issue] = validators.failure.errors ?? [];
    const where = (issue?.instancePath ?? "")
      .replace(/^\/errors\/(\d+)/, "errors[$1]")
      .replace(/^\//, "")
      .replaceAll("/", ".");
    throw new TypeError(
      `\`${where || "errors"}\` ${issue?.message ?? "is invalid"}: the spec's error entries are { code: integer >= 1000, message: string }.`,
    );
  }
  if (retryAfter !== undefined && !(Number.isSafeInteger(retryAfter) && retryAfter >= 0)) {
    throw new TypeError(
      `\`retryAfter\` must be a whole number of seconds, 0 or more, got ${String(retryAfter)}.`,
    );
  }
  return { kind: "fail", status, errors: entries, ...(retryAfter === undefined ? {} : { retryAfter }) };
}

/** The failures and delays injected into the fake, consumed request by request. */
export class Faults {
  #pending: { target: OperationTarget; accountId: string | undefined; fault: Fault; left: number }[] = [];
  /** "<account or *> <operation or *>" → milliseconds. */
  #delays = new Map<string, number>();

  add(target: OperationTarget, fault: Fault, times: number, accountId?: string): void {
    checkTarget(target);
    checkTimes(times);
    checkAccount(accountId);
    this.#pending.push({ target, accountId, fault, left: times });
  }

  setDelay(target: OperationTarget, ms: number, accountId?: string): void {
    checkTarget(target);
    checkAccount(accountId);
    if (!(typeof ms === "number" && ms >= 0 && ms <= MAX_DELAY_MS)) {
      throw new TypeError(
        `The delay must be a number of milliseconds from 0 to ${MAX_DELAY_MS} (about 24.8 days), got ${String(ms)}.`,
      );
    }
    const key = `${accountId ?? "*"} ${target}`;
    if (ms === 0) this.#delays.delete(key);
    else this.#delays.set(key, ms);
  }

  /** How long requests to `operationId` for `accountId` wait: the most specific delay set applies. */
  delayFor(operationId: OperationId, accountId?: string): number {
    const delays = this.#delays;
    const scoped = (account: string) => delays.get(`${account} ${operationId}`) ?? delays.get(`${account} *`);
    return (accountId === undefined ? undefined : scoped(accountId)) ?? scoped("*") ?? 0;
  }

  /** The fault the next request to `operationId` for `accountId` gets, if any, using up one of its `times`. */
  take(operationId: OperationId, accountId?: string): Fault | undefined {
    const index = this.#pending.findIndex(
      (entry) =>
        (entry.target === operationId || entry.target === "*") &&
        (entry.accountId === undefined || entry.accountId === accountId),
    );
    const entry = this.#pending[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.#pending.splice(index, 1);
    return entry.fault;
  }

  /** Drops every fault and delay, or only those scoped to `accountId`. */
  clear(accountId?: string): void {
    if (accountId === undefined) {
      this.#pending = [];
      this.#delays.clear();
      return;
    }
    checkAccount(accountId);
    this.#pending = this.#pending.filter((entry) => entry.accountId !== accountId);
    for (const key of [...this.#delays.keys()]) if (key.startsWith(`${accountId} `)) this.#delays.delete(key);
  }
}
