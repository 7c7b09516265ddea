import type { OperationId, ResponseMessage } from "@cf-user-groups/types";

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
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** How many requests fail before the operation works again. @default 1 */
  times?: number;
}

/** A fault waiting for its next request. */
export type Fault =
  | { kind: "fail"; status: number; errors: ResponseMessage[]; retryAfter?: number }
  | { kind: "network" };

/** The failures and delays injected into the fake, consumed request by request. */
export class Faults {
  #pending: { target: OperationTarget; fault: Fault; left: number }[] = [];
  #delays = new Map<OperationTarget, number>();

  add(target: OperationTarget, fault: Fault, times: number): void {
    if (!(Number.isInteger(times) && times > 0))
      throw new TypeError("`times` must be a whole number above 0.");
    this.#pending.push({ target, fault, left: times });
  }

  setDelay(target: OperationTarget, ms: number): void {
    if (!(ms >= 0 && ms < Number.POSITIVE_INFINITY))
      throw new TypeError("The delay must be a finite number of milliseconds, 0 or more.");
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
