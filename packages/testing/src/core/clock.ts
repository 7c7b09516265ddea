/**
 * The fake's clock: what `created_on`, `modified_on` and `created_at` read,
 * and what rate limiting counts windows by. It follows a time source (the
 * `now` option, by default the system clock) shifted by an offset you set,
 * or stands still when frozen. `mock.reset()` puts it back.
 *
 * @example
 * ```ts
 * mock.clock.set("2026-01-01T00:00:00Z", { frozen: true });
 * mock.clock.advance(5 * 60_000); // five minutes later, in no time
 * ```
 */
export interface MockClock {
  /** The fake's current time. */
  now(): Date;
  /** Moves the clock forward (or back, with a negative number) by `ms`; returns the new time. */
  advance(ms: number): Date;
  /**
   * Sets the clock to `time`. It then moves on with the time source, or, with
   * `frozen`, stands still until advanced or set again.
   */
  set(time: Date | string | number, options?: { frozen?: boolean }): Date;
  /** How far the clock is from its time source, in milliseconds. */
  readonly offsetMs: number;
  /** Whether the clock stands still. */
  readonly frozen: boolean;
  /** Back on the time source, running: no offset, not frozen. */
  reset(): void;
}

/** The largest distance a clock may be moved by: about 100,000 days, what a Date can hold either side of 1970 with room. */
const MAX_SHIFT_MS = 8.64e15;

/** A clock over `source`; `reset` puts it back on `source` and running. */
export function createClock(source: () => Date): MockClock {
  let offsetMs = 0;
  let frozenAt: number | undefined;
  const read = () => {
    const base = source().getTime();
    if (!Number.isFinite(base)) throw new TypeError("The `now` option returned an invalid Date.");
    return base;
  };
  const checked = (time: number, what: string): number => {
    if (!(Number.isFinite(time) && Math.abs(time) <= MAX_SHIFT_MS)) {
      throw new TypeError(`${what} is not a time a Date can hold.`);
    }
    return time;
  };
  const now = () => new Date(frozenAt ?? read() + offsetMs);
  return {
    now,
    advance(ms) {
      if (typeof ms !== "number" || !Number.isFinite(ms)) {
        throw new TypeError(`advance() takes a finite number of milliseconds, got ${String(ms)}.`);
      }
      const target = checked(now().getTime() + ms, "The advanced clock");
      if (frozenAt === undefined) offsetMs = target - read();
      else frozenAt = target;
      return now();
    },
    set(time, { frozen = false } = {}) {
      const target = checked(
        typeof time === "string" ? Date.parse(time) : time instanceof Date ? time.getTime() : time,
        `${JSON.stringify(time)}`,
      );
      frozenAt = frozen ? target : undefined;
      offsetMs = target - read();
      return now();
    },
    get offsetMs() {
      return frozenAt === undefined ? offsetMs : frozenAt - read();
    },
    get frozen() {
      return frozenAt !== undefined;
    },
    reset() {
      offsetMs = 0;
      frozenAt = undefined;
    },
  };
}
