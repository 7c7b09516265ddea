/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** Options for {@link createPacer}. */
export interface PacerOptions {
  /** At most this many request starts per second. 0 or less turns pacing off. */
  requestsPerSecond: number;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
  /** How to wait. @default a setTimeout promise */
  sleep?: Sleep;
}

/** Spaces request starts out; `requests` counts the calls. */
export interface Pacer {
  /** Resolves when the next request may start. */
  (): Promise<void>;
  /** How many requests have been paced so far. */
  readonly requests: number;
}

const setTimeoutSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps a live run far under Cloudflare's global limit (1,200 requests per
 * 5 minutes, i.e. 4 per second): each call resolves no earlier than
 * `1000 / requestsPerSecond` ms after the previous one was let through. Slots
 * are reserved when `pace()` is called, so concurrent callers queue up too.
 *
 * @example
 * ```ts
 * const pace = createPacer({ requestsPerSecond: 2 });
 * await pace(); // at once
 * await pace(); // 500 ms later
 * ```
 */
export function createPacer({
  requestsPerSecond,
  now = () => performance.now(),
  sleep = setTimeoutSleep,
}: PacerOptions): Pacer {
  const interval = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
  let nextSlot = Number.NEGATIVE_INFINITY;
  let requests = 0;
  const pace = async () => {
    requests += 1;
    if (interval === 0) return;
    const time = now();
    const slot = Math.max(time, nextSlot);
    nextSlot = slot + interval;
    if (slot > time) await sleep(slot - time);
  };
  return Object.defineProperty(pace, "requests", { get: () => requests, enumerable: true }) as Pacer;
}
