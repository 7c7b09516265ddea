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
}

/** A fault waiting for its next request. */
export type Fault =
  | { kind: "fail"; status: number; errors: ResponseMessage[]; retryAfter?: number }
  | { kind: "network" };

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
  const { status = 500, errors, retryAfter } = options;
  if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new TypeError(`\`status\` must be an HTTP error status, 400 to 599, got ${String(status)}.`);
  }
  const entries = errors ?? [{ code: ErrorCodes.INJECTED_FAILURE, message: "Injected failure" }];
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError("`errors` needs at least one entry: failure envelopes always have one.");
  }
  if (!validators.failure(failureEnvelope(entries))) {
    const [issue] = validators.failure.errors ?? [];
    const where = (issue?.instancePath ?? "").replace(/^\/errors\/(\d+)/, "errors[$1]").replaceAll("/", ".");
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
  #pending: { target: OperationTarget; fault: Fault; left: number }[] = [];
  #delays = new Map<OperationTarget, number>();

  add(target: OperationTarget, fault: Fault, times: number): void {
    checkTarget(target);
    checkTimes(times);
    this.#pending.push({ target, fault, left: times });
  }

  setDelay(target: OperationTarget, ms: number): void {
    checkTarget(target);
    if (!(typeof ms === "number" && ms >= 0 && ms <= MAX_DELAY_MS)) {
      throw new TypeError(
        `The delay must be a number of milliseconds from 0 to ${MAX_DELAY_MS} (about 24.8 days), got ${String(ms)}.`,
      );
    }
    if (ms === 0) this.#delays.delete(target);
    else this.#delays.set(target, ms);
  }

  /** How long requests to `operationId` wait before they are handled. */
  delayFor(operationId: OperationId): number {
    return this.#delays.get(operationId) ?? this.#delays.get("*") ?? 0;
  }

  /** The fault the next request to `operationId` gets, if any, using up one of its `times`. */
  take(operationId: OperationId): Fault | undefined {
    const index = this.#pending.findIndex((entry) => entry.target === operationId || entry.target === "*");
    const entry = this.#pending[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.#pending.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.#pending = [];
    this.#delays.clear();
  }
}
