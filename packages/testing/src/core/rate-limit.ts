/**
 * Cloudflare's global API rate limit, as the fake models it: at most
 * `requests` per `windowSeconds` per credential (an API token, or a Global
 * API key with its email); past that, every call with that credential is
 * refused with 429 for `blockSeconds`. Off unless set. Counted by the fake's
 * clock, so a test covers five minutes by advancing it.
 *
 * @example
 * ```ts
 * const mock = createUserGroupsMock({ rateLimit: { requests: 1200, windowSeconds: 300, blockSeconds: 300 } });
 * ```
 */
export interface RateLimitOptions {
  /** Requests allowed per window. @default 1200 */
  requests?: number;
  /** The window, in seconds. @default 300 */
  windowSeconds?: number;
  /** How long a credential that went over is refused, in seconds. @default 300 */
  blockSeconds?: number;
}

/** Cloudflare's published global limit. */
export const CLOUDFLARE_RATE_LIMIT: Required<RateLimitOptions> = Object.freeze({
  requests: 1200,
  windowSeconds: 300,
  blockSeconds: 300,
});

/** The verdict on one request: allowed, with the headers to send, or refused until `retryAfter` seconds. */
export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; retryAfter: number; headers: Record<string, string> };

/** Throws a TypeError unless every field is a whole number above 0. */
export function checkRateLimit(options: unknown, root = "rateLimit"): asserts options is RateLimitOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${root} must be an object with requests, windowSeconds and blockSeconds.`);
  }
  for (const [name, value] of Object.entries(options)) {
    if (!["requests", "windowSeconds", "blockSeconds"].includes(name)) {
      throw new TypeError(`${root} has an unknown field ${JSON.stringify(name)}.`);
    }
    if (!(Number.isSafeInteger(value) && (value as number) > 0)) {
      throw new TypeError(`${root}.${name} must be a whole number above 0, got ${String(value)}.`);
    }
  }
}

/** Requests per credential in a sliding window, and the credentials blocked for going over. */
export class RateLimiter {
  readonly limit: Required<RateLimitOptions>;
  /** Credential → times (ms) of its requests inside the window, oldest first. */
  readonly #seen = new Map<string, number[]>();
  /** Credential → when (ms) its block ends. */
  readonly #blockedUntil = new Map<string, number>();
  #sinceSweep = 0;

  constructor(options: RateLimitOptions) {
    checkRateLimit(options);
    this.limit = { ...CLOUDFLARE_RATE_LIMIT, ...options };
  }

  /** Counts a request by `credential` at `now` (ms) and says whether it may go through. */
  take(credential: string, now: number): RateDecision {
    const { requests, windowSeconds } = this.limit;
    const windowMs = windowSeconds * 1000;
    // Every so often, forget credentials with nothing left in the window, so one token per request
    // cannot grow the maps without end on a long-running server.
    if (++this.#sinceSweep >= 1000) {
      this.#sinceSweep = 0;
      for (const [seen, times] of this.#seen)
        if ((times.at(-1) ?? 0) <= now - windowMs) this.#seen.delete(seen);
      for (const [blocked, until] of this.#blockedUntil) if (until <= now) this.#blockedUntil.delete(blocked);
    }
    const policy = `"default";q=${requests};w=${windowSeconds}`;
    const blockedUntil = this.#blockedUntil.get(credential);
    if (blockedUntil !== undefined && now < blockedUntil) {
      const retryAfter = Math.ceil((blockedUntil - now) / 1000);
      return {
        allowed: false,
        retryAfter,
        headers: { ratelimit: `"default";r=0;t=${retryAfter}`, "ratelimit-policy": policy },
      };
    }
    if (blockedUntil !== undefined) this.#blockedUntil.delete(credential);
    const times = (this.#seen.get(credential) ?? []).filter((time) => time > now - windowMs);
    if (times.length >= requests) {
      // Over the limit: blocked for blockSeconds from now, whatever the window says.
      const until = now + this.limit.blockSeconds * 1000;
      this.#blockedUntil.set(credential, until);
      this.#seen.set(credential, times);
      const retryAfter = this.limit.blockSeconds;
      return {
        allowed: false,
        retryAfter,
        headers: { ratelimit: `"default";r=0;t=${retryAfter}`, "ratelimit-policy": policy },
      };
    }
    times.push(now);
    this.#seen.set(credential, times);
    // Seconds until the oldest request leaves the window and frees quota.
    const reset = Math.max(0, Math.ceil(((times[0] as number) + windowMs - now) / 1000));
    return {
      allowed: true,
      headers: { ratelimit: `"default";r=${requests - times.length};t=${reset}`, "ratelimit-policy": policy },
    };
  }
}

/** The credential a request is counted against: its token, or its key and email; undefined without one. */
export function credentialOf(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization !== null) return `token ${authorization.trim()}`;
  const key = headers.get("x-auth-key");
  return key === null ? undefined : `key ${key} ${headers.get("x-auth-email") ?? ""}`;
}
