import { checkHeaders, checkWhole } from "./checks.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CloudflareError,
  ConflictError,
  clip,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RequestInfo,
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "./errors.js";
import { retryDelay, shouldRetry } from "./retry-policy.js";

/**
 * The limits every call runs under: the client's, unless the call overrides
 * them in its {@link RequestOptions}.
 *
 * @example
 * ```ts
 * const strict: Partial<RequestLimits> = { timeout: 10_000, maxRetries: 0, maxPages: 100, maxResponseBytes: 2 ** 20 };
 * ```
 */
export interface RequestLimits {
  /**
   * Milliseconds each attempt may take before it is aborted (and retried): a
   * whole number from 1. Delays beyond setTimeout's 2³¹−1 ms are chained, not
   * cut short; `Infinity` is refused (pass `Number.MAX_SAFE_INTEGER`, or a
   * `signal` of your own, to wait as long as the connection does).
   * @default 60000
   */
  timeout: number;
  /**
   * How many times a failed request is retried after the first attempt: a whole number from 0.
   * @default 2
   */
  maxRetries: number;
  /**
   * The most pages one auto-pagination (`for await`, `iterPages()`, a chain of
   * `getNextPage()`) fetches; one more throws a `PaginationError`. At 500 per
   * page, the default covers 5,000,000 items.
   * @default 10000
   */
  maxPages: number;
  /**
   * The most bytes a response body may have, counted after decompression;
   * reading stops there and the call fails with `ResponseTooLargeError`,
   * without a retry. The default is far above the largest real page.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes: number;
}

/**
 * Options for one call, passed as the last argument of every method. Each
 * limit overrides the client's for this call; all are checked before anything
 * is sent.
 *
 * @example
 * ```ts
 * await client.iam.userGroups.get(id, {}, { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(20_000) });
 * ```
 */
export interface RequestOptions extends Optional<RequestLimits> {
  /** Aborts the call, including any wait before a retry; it then rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call; they override the client's. */
  headers?: Record<string, string> | undefined;
}

/** Every property optional, and explicitly `undefined` allowed, as options are written. */
export type Optional<T> = { [K in keyof T]?: T[K] | undefined };

/** What the transport needs from the client. */
export interface TransportConfig extends Readonly<RequestLimits> {
  /** Lower-case header names: auth, accept and the client's default headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** A custom fetch; when undefined, the global `fetch` is looked up for every attempt. */
  readonly fetch: typeof fetch | undefined;
}

/** A request ready to send: absolute URL and, for writes, the serialized JSON body. */
export interface Outgoing extends RequestInfo {
  url: string;
  body?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** A successful (2xx) response with its body already read, and the request it answers. */
export interface Reply {
  response: Response;
  text: string;
  request: Outgoing;
}

/** Checks limits, taking `fallback`'s for any left out; `where` prefixes the message. */
export function checkLimits(
  options: Optional<Record<keyof RequestLimits, unknown>>,
  fallback: RequestLimits,
  where?: string,
): RequestLimits {
  const checked = { ...fallback };
  for (const name of ["timeout", "maxRetries", "maxPages", "maxResponseBytes"] as const)
    checked[name] = checkWhole(
      name,
      options[name] ?? fallback[name],
      name === "maxRetries" ? 0 : 1,
      undefined,
      where,
    );
  return checked;
}

/** The longest delay setTimeout honours: Node and browsers fire longer ones at once. */
const MAX_DELAY = 2 ** 31 - 1;

/** Calls `run` after `ms` milliseconds, however many, chaining timers; returns what cancels it. */
export function after(ms: number, run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const arm = (left: number) => {
    timer = setTimeout(() => (left > MAX_DELAY ? arm(left - MAX_DELAY) : run()), Math.min(left, MAX_DELAY));
  };
  arm(ms);
  return () => clearTimeout(timer);
}

/**
 * The body as text, read as a stream so no more than `limit` bytes (counted
 * after fetch's decompression, so a gzip bomb stops early) are ever held;
 * undefined, with the rest cancelled, when the body is longer.
 */
async function readText(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling an MSW-mocked body was seen never to settle.
      reader?.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Sends a request with the client's auth and defaults, retrying connection
 * errors, timeouts and retryable statuses, and reads the body within the
 * attempt, so a connection that drops mid-body is retried too. Resolves with
 * a 2xx response and its text; rejects with an `APIError` subclass, or a
 * `CloudflareError` before sending when `options` are invalid.
 */
export async function send(
  config: TransportConfig,
  request: Outgoing,
  options: RequestOptions = {},
): Promise<Reply> {
  const { signal } = options;
  if (signal != null && typeof signal.addEventListener !== "function")
    throw new CloudflareError("`signal` must be an AbortSignal.");
  const { timeout, maxRetries, maxResponseBytes } = checkLimits(options, config);
  const info: RequestInfo = { method: request.method, path: request.path };
  const init: RequestInit = {
    method: request.method,
    headers: {
      ...config.headers,
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      ...request.headers,
      ...checkHeaders(options.headers),
    },
    body: request.body ?? null,
    // Not followed: fetch would re-send X-Auth-Key to whatever host a Location names.
    redirect: "manual",
  };

  for (let attempt = 0; ; attempt++) {
    const aborted = () =>
      new APIUserAbortError(undefined, undefined, "Request was aborted.", undefined, info);
    if (signal?.aborted) throw aborted();
    const controller = new AbortController();
    const abort = () => controller.abort();
    const cancelTimeout = after(timeout, abort);
    signal?.addEventListener("abort", abort);
    init.signal = controller.signal;
    let failure: APIError;
    let retryAfter: Headers | undefined;
    try {
      // `fetch` is read at call time, so a mock installed after the client was created (MSW) still sees the request.
      const response = await (config.fetch ?? fetch)(request.url, init);
      const { status, headers } = response;
      if ((status > 299 && status < 400) || response.type === "opaqueredirect") {
        const location = headers.get("location");
        throw errorForStatus(
          status,
          undefined,
          `redirect${location ? ` to ${location}` : ""} not followed, so credentials stay with the API host`,
          headers,
          info,
        );
      }
      if (response.ok || attempt >= maxRetries || !shouldRetry(response)) {
        const text = await readText(response, maxResponseBytes);
        if (response.ok && text !== undefined) return { response, text, request };
        // Not retried: the next attempt would send as much. A 2xx gets here only
        // when its body was too large, and errorForStatus makes that a ResponseTooLargeError.
        throw errorForStatus(
          status,
          text && parseOrSnippet(text),
          text === undefined ? `response body over maxResponseBytes (${maxResponseBytes})` : undefined,
          headers,
          info,
        );
      }
      // Not awaited: the retry need not wait, and cancelling an MSW-mocked body was seen never to settle.
      response.body?.cancel().catch(() => {});
      failure = errorForStatus(status, undefined, undefined, headers, info);
      retryAfter = headers;
    } catch (error) {
      if (error instanceof APIError) throw error;
      if (signal?.aborted) throw aborted();
      failure = controller.signal.aborted
        ? new APIConnectionTimeoutError(
            undefined,
            undefined,
            `Request timed out after ${timeout} ms.`,
            undefined,
            info,
          )
        : Object.assign(new APIConnectionError(undefined, undefined, "Connection error.", undefined, info), {
            cause: error,
          });
    } finally {
      cancelTimeout();
      signal?.removeEventListener("abort", abort);
    }
    if (attempt >= maxRetries) throw failure;
    // Wait before retrying, but give up the moment the caller aborts.
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        clearTimeout(wait);
        reject(aborted());
      };
      const wait = setTimeout(
        () => {
          signal?.removeEventListener("abort", stop);
          resolve();
        },
        retryDelay(attempt, retryAfter),
      );
      if (signal?.aborted) stop();
      else signal?.addEventListener("abort", stop, { once: true });
    });
  }
}

type StatusErrorClass = new (
  status: never,
  ...rest: [error: unknown, message: string | undefined, headers: Headers, request?: RequestInfo]
) => APIError<number, Headers>;

const byStatus: Record<number, StatusErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error for an HTTP status, picked as the official SDK picks it; a 2xx is only ever an error for its size. */
function errorForStatus(
  status: number,
  body: unknown,
  message: string | undefined,
  headers: Headers,
  request: RequestInfo,
): APIError<number, Headers> {
  const ErrorClass =
    byStatus[status] ??
    (status > 499 ? InternalServerError : status < 300 ? ResponseTooLargeError : APIError);
  return new ErrorClass(status as never, body, message, headers, request);
}

/** The parsed JSON body, or a short, single-line snippet of a body that is not JSON. */
export function parseOrSnippet(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return clip(text.replace(/\s+/g, " ").trim(), 200);
  }
}

/**
 * The Cloudflare envelope of a 2xx reply: a JSON object with `success: true`
 * and a `result` (which may be null: the live API sends that for an empty
 * member list), or with `list`, a result that is an array or null. Anything
 * else is an `APIError` even on HTTP 200: the official SDK resolves `null` or
 * `undefined` there, which hides the failure.
 */
export function readEnvelope(
  { response, text, request }: Reply,
  list?: boolean,
): {
  result: unknown;
  [key: string]: unknown;
} {
  const body = parseOrSnippet(text) as { success?: unknown; result?: unknown } | null;
  if (
    body?.success !== true ||
    !("result" in body) ||
    (list && body.result !== null && !Array.isArray(body.result))
  ) {
    throw new APIError(
      response.status,
      body,
      "not a successful Cloudflare envelope",
      response.headers,
      request,
    );
  }
  return body as { result: unknown };
}
