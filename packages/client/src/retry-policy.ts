/** The longest wait a `retry-after` or `retry-after-ms` header can impose. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a failed response is worth another attempt: the server's
 * `x-should-retry` header decides if present; otherwise 408, 409, 429 and 5xx
 * are retried, as the official SDK does.
 */
export function shouldRetry(response: Response): boolean {
  const header = response.headers.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  const { status } = response;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long to wait before retry number `retry` (0 for the first retry):
 * `retry-after-ms`, else `retry-after` in seconds or as an HTTP date, capped
 * at {@link MAX_RETRY_AFTER_MS}; without either, exponential backoff
 * `min(0.5 · 2^retry, 8)` seconds with up to 25% jitter.
 */
export function retryDelay(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const ms = headers?.get("retry-after-ms");
  const after = headers?.get("retry-after");
  // Numbers are seconds; anything else may be an HTTP date. NaN means "not given".
  const asked = ms
    ? +ms
    : after
      ? Number.isNaN(+after)
        ? Date.parse(after) - Date.now()
        : +after * 1000
      : Number.NaN;
  return Number.isNaN(asked)
    ? Math.min(0.5 * 2 ** retry, 8) * (1 - random() * 0.25) * 1000
    : Math.min(Math.max(asked, 0), MAX_RETRY_AFTER_MS);
}
