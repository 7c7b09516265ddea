import { checkWhole } from "./checks.js";

/**
 * A request budget for the client's opt-in pacer: at most `requests` in any
 * `windowSeconds`, like Cloudflare's global limit (1,200 per 300 seconds per
 * token; past it, every call is refused with 429 for five minutes). The same
 * shape as the fake's `rateLimit` option in `@cf-user-groups/testing`.
 *
 * @example
 * ```ts
 * const budget: RateLimit = { requests: 1_100, windowSeconds: 300 }; // a margin under Cloudflare's 1,200
 * ```
 */
export interface RateLimit {
  /** Requests allowed in any window: a whole number from 1. */
  requests: number;
  /** The window, in seconds: a whole number from 1. */
  windowSeconds: number;
}

/**
 * Waits, before a request is sent, until sending it keeps the client within
 * its budget: resolves at once while fewer than `requests` were sent in the
 * last `windowSeconds` (a sliding window, as Cloudflare counts), else sleeps
 * until the oldest leaves the window. `sleep` gives up when the call is aborted.
 */
export type Pace = (sleep: (ms: number) => Promise<void>) => Promise<void>;

/** The pacer for a client's `rateLimit`, shared by all its calls; undefined without one. */
export function pacer(limit: RateLimit | undefined): Pace | undefined {
  if (limit == null) return undefined;
  const requests = checkWhole("rateLimit.requests", limit.requests, 1);
  const windowMs = checkWhole("rateLimit.windowSeconds", limit.windowSeconds, 1) * 1000;
  // Send times inside the window, oldest first: never more than `requests` of them.
  const sent: number[] = [];
  return async (sleep) => {
    for (;;) {
      const now = Date.now();
      while ((sent[0] as number) <= now - windowMs) sent.shift();
      if (sent.length < requests) {
        sent.push(now);
        return;
      }
      await sleep((sent[0] as number) + windowMs - now);
    }
  };
}
