/** The longest wait a `retry-after` header (or a 429 body's `retry_after`) can impose. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a failed response is worth another attempt: the server's
 * `x-should-retry` header decides if present; otherwise 408, 409, 429 and 5xx
 * are retried, as the official SDK does.
 */
export function shouldRetry({ status, headers }: Response): boolean {
  const header = headers.get("x-should-retry");
  return (
    header === "true" ||
    (header !== "false" && (status === 408 || status === 409 || status === 429 || status > 499))
  );
}

/**
 * Whether what fetch threw proves the request never reached a server: Node's
 * fetch says `fetch failed` with a `cause` whose `code` is a refused
 * connection, an unreachable network, a failed DNS lookup or a connect
 * timeout. Anything else, a reset or a timeout included, may have come after
 * the request was sent. (Browsers never say: there, no connection error proves it.)
 */
export const notSent = (error: unknown): boolean =>
  /^E(CONNREFUSED|NOTFOUND|AI_AGAIN|NETUNREACH|HOSTUNREACH)$|CONNECT_TIMEOUT/.test(
    (error as { cause?: { code?: unknown } })?.cause?.code as string,
  );

/**
 * How long to wait before retry number `retry` (0 for the first retry):
 * `retry-after-ms`, else `retry-after` in seconds or as an HTTP date, else a
 * 429 body's `retry_after` in seconds (Cloudflare has been seen to send
 * `retry-after: 0` with the real wait there), capped at
 * {@link MAX_RETRY_AFTER_MS}; without any, exponential backoff
 * `min(0.5 · 2^retry, 8)` seconds with up to 25% jitter.
 */
export function retryDelay(
  retry: number,
  headers?: Headers,
  body?: unknown,
  random: () => number = Math.random,
): number {
  const ms = headers?.get("retry-after-ms");
  const after = headers?.get("retry-after");
  const inBody = (body as { retry_after?: unknown } | null)?.retry_after;
  // Numbers are seconds; anything else may be an HTTP date. NaN means "not given".
  let asked = ms
    ? +ms
    : after
      ? // Stryker disable next-line UnaryOperator: -after is NaN exactly when +after is.
        Number.isNaN(+after)
        ? Date.parse(after) - Date.now()
        : +after * 1000
      : Number.NaN;
  if (!(asked > 0) && typeof inBody === "number" && inBody > 0) asked = inBody * 1000;
  return Number.isNaN(asked)
    ? Math.min(0.5 * 2 ** retry, 8) * (1 - random() * 0.25) * 1000
    : Math.min(Math.max(asked, 0), MAX_RETRY_AFTER_MS);
}
