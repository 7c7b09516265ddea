import { checkHeaders, checkWhole, invalid } from "./checks.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
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
import type { Log } from "./log.js";
import { DELETE, ONCE, type Repeat } from "./operations.js";
import type { Pace } from "./rate-limit.js";
import { notSent, retryDelay, shouldRetry } from "./retry-policy.js";

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
  /**
   * Also retry a write that is not idempotent (`userGroups.create`) after a
   * failure that leaves open whether it was applied (a 5xx, a timeout, a
   * reset), as the official SDK does: a retry may then create a second group
   * with the same name. Overrides the client's option for this call.
   * @default false
   */
  retryNonIdempotent?: boolean | undefined;
}

/** Every property optional, and explicitly `undefined` allowed, as options are written. */
export type Optional<T> = { [K in keyof T]?: T[K] | undefined };

/** What the transport needs from the client. */
export interface TransportConfig extends Readonly<Settings> {
  /** Lower-case header names: auth, accept and the client's default headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** A custom fetch; when undefined, the global `fetch` is looked up for every attempt. */
  readonly fetch: typeof fetch | undefined;
  /** The logger's methods for the levels that are on. */
  readonly log: Log;
  /** The client's pacer, when it has a `rateLimit`. */
  readonly pace: Pace | undefined;
}

/** The limits, and whether writes that are not idempotent are retried anyway. */
export interface Settings extends RequestLimits {
  retryNonIdempotent: boolean;
}

/** A request ready to send: absolute URL, for writes the serialized JSON body, and what repeating it does. */
export interface Outgoing extends RequestInfo {
  url: string;
  body?: string | undefined;
  repeat: Repeat;
}

/**
 * A successful (2xx) response with its body already read, and the request it
 * answers; or, with `gone`, the 404 a repeated delete got after an attempt
 * that may have deleted it.
 */
export interface Reply {
  response: Response;
  text: string;
  request: Outgoing;
  gone?: boolean;
}

/** Checks the settings `options` gives, taking `fallback`'s for any left out. */
export function checkSettings(
  options: Optional<Record<keyof Settings, unknown>>,
  fallback: Settings,
): Settings {
  const checked = {} as Record<keyof Settings, unknown>;
  for (const name of [
    "timeout",
    "maxRetries",
    "maxPages",
    "maxResponseBytes",
    "retryNonIdempotent",
  ] as const) {
    const value = options[name];
    checked[name] =
      value == null
        ? fallback[name]
        : name === "retryNonIdempotent"
          ? value === !!value
            ? value
            : invalid(name, "true or false", value)
          : checkWhole(name, value, name === "maxRetries" ? 0 : 1);
  }
  return checked as Settings;
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

/** Resolves after `ms` milliseconds, or rejects with `aborted()` the moment `signal` aborts. */
export const sleep = (ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> =>
  new Promise((resolve, reject) => {
    const stop = () => {
      cancel();
      reject(aborted());
    };
    const cancel = after(ms, () => {
      signal?.removeEventListener("abort", stop);
      resolve();
    });
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });

/**
 * The body as text, read as a stream so no more than `limit` bytes (counted
 * after fetch's decompression, so a gzip bomb stops early) are ever held;
 * undefined, with the rest cancelled, when the body is longer.
 */
async function readText(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  limit: number,
): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > limit) return cancel(reader);
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Drops a body (or what is left of it) unread. Not awaited: cancelling an
 * MSW-mocked body was seen never to settle.
 */
const cancel = (stream: { cancel(): Promise<void> } | null | undefined): undefined => {
  stream?.cancel().catch(() => {});
};

/** What every log line starts with. */
export const LOG = "@cf-user-groups/client: ";

/**
 * Sends a request with the client's auth and defaults, retrying what
 * {@link shouldRetry} allows and the operation's {@link Repeat} permits, and
 * reads the body within the attempt, so a connection that drops mid-body is
 * retried too. Resolves with a 2xx response and its text (or a `gone` 404,
 * see {@link Reply}); rejects with an `APIError` subclass, or a
 * `CloudflareError` before sending when `options` are invalid.
 */
export async function send(
  config: TransportConfig,
  request: Outgoing,
  options: RequestOptions = {},
): Promise<Reply> {
  const { signal } = options;
  if (signal != null && typeof signal.addEventListener !== "function") invalid("signal", "an AbortSignal");
  const { timeout, maxRetries, maxResponseBytes, retryNonIdempotent } = checkSettings(options, config);
  const { method, url, body, repeat } = request;
  const { log } = config;
  const init: RequestInit = {
    method,
    headers: {
      ...config.headers,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...checkHeaders(options.headers),
    },
    body: body ?? null,
    // Not followed: fetch would re-send X-Auth-Key to whatever host a Location names.
    redirect: "manual",
  };
  // Whether an attempt so far may have been applied; a write that is not idempotent is then not repeated.
  let ambiguous = false;
  const fail = (
    ErrorClass: ErrorClass,
    message?: string,
    status?: number,
    error?: unknown,
    headers?: Headers,
  ) =>
    new ErrorClass(status as never, error, message, headers as never, request, method !== "GET" && ambiguous);
  const aborted = () => fail(APIUserAbortError, "Request was aborted.");

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted();
    if (config.pace)
      await config.pace((delay) => {
        log.info?.(`${LOG}pace`, { method, url, attempt, delay });
        return sleep(delay, signal, aborted);
      });
    log.debug?.(`${LOG}request`, { method, url, attempt });
    const started = Date.now();
    // Only a call with a `signal` gets an abortable fetch: giving fetch a signal costs Node's fetch about a
    // tenth of a request. Without one, an attempt that times out is abandoned: a body still coming is
    // cancelled, one that comes later is cancelled when it does, and Node's fetch gives up on headers that
    // never come after five minutes (its headersTimeout).
    const controller = signal && new AbortController();
    const abort = () => controller?.abort();
    signal?.addEventListener("abort", abort);
    init.signal = controller?.signal ?? null;
    let timedOut = false;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let response: Response | undefined;
    let text: string | null | undefined = null;
    // Stryker disable next-line BooleanLiteral: never read before exchange() or the catch sets it.
    let redirect = false;
    // Stryker disable next-line BooleanLiteral: never read before exchange() or the catch sets it.
    let retry = false;
    let stopTimer = () => {};
    // `fetch` is read at call time, so a mock installed after the client was created (MSW) still sees the request.
    const exchange = async () => {
      const answer = await (config.fetch ?? fetch)(url, init);
      if (timedOut) return cancel(answer.body);
      response = answer;
      const { status } = answer;
      redirect = (status > 299 && status < 400) || answer.type === "opaqueredirect";
      retry =
        !redirect &&
        !answer.ok &&
        shouldRetry(answer) &&
        (repeat !== ONCE || retryNonIdempotent || status === 429);
      // The body is read unless a retry follows anyway (a 429's is, for its `retry_after`); null when skipped.
      if (redirect || (retry && attempt <= maxRetries && status !== 429)) cancel(answer.body);
      else {
        reader = answer.body?.getReader();
        text = await readText(reader, maxResponseBytes);
      }
    };
    let parsed: unknown;
    let failure: APIError;
    try {
      await new Promise<void>((resolve, reject) => {
        stopTimer = after(timeout, () => {
          timedOut = true;
          abort();
          cancel(reader);
          reject();
        });
        exchange().then(resolve, reject);
      });
      const { status, headers, ok } = response as Response;
      log.debug?.(`${LOG}response`, { method, url, attempt, status, ms: Date.now() - started });
      if (ok && text != null) return { response: response as Response, text, request };
      if (status === 404 && repeat === DELETE && ambiguous)
        // Stryker disable next-line StringLiteral: a gone reply's text is never read (its result is the path's id).
        return { response: response as Response, text: "", request, gone: true };
      // A 5xx may have been applied, and a 2xx was.
      ambiguous ||= ok || status > 499;
      parsed = text && parseOrSnippet(text);
      const location = headers.get("location");
      failure = fail(
        byStatus[status] ?? (status > 499 ? InternalServerError : ok ? ResponseTooLargeError : APIError),
        redirect
          ? `redirect${location ? ` to ${location}` : ""} not followed`
          : text === undefined
            ? `response body over maxResponseBytes (${maxResponseBytes})`
            : undefined,
        status,
        parsed,
        headers,
      );
    } catch (error) {
      // Dropped, timed out or aborted in flight, the request may have reached the server.
      ambiguous ||= !notSent(error);
      if (signal?.aborted) throw aborted();
      failure = timedOut
        ? fail(APIConnectionTimeoutError, `Request timed out after ${timeout} ms.`)
        : Object.assign(fail(APIConnectionError, "Connection error."), { cause: error });
      retry = repeat !== ONCE || retryNonIdempotent || notSent(error);
    } finally {
      stopTimer();
      signal?.removeEventListener("abort", abort);
    }
    if (!retry || attempt > maxRetries) throw failure;
    const delay = retryDelay(attempt - 1, response?.headers, parsed);
    log.info?.(`${LOG}retry`, { method, url, attempt, delay, reason: failure.message });
    await sleep(delay, signal, aborted);
  }
}

type ErrorClass = new (
  status: never,
  ...rest: [
    error: unknown,
    message: string | undefined,
    headers: never,
    request: RequestInfo,
    mayHaveBeenApplied: boolean,
  ]
) => APIError;

/** The classes for the statuses that have one, as the official SDK picks them. */
const byStatus: Record<number, ErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

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
    // On a write, anything but an explicit `success: false` may mean it was applied.
    throw new APIError(
      response.status,
      body,
      "not a successful Cloudflare envelope",
      response.headers,
      request,
      request.method !== "GET" && body?.success !== false,
    );
  }
  return body as { result: unknown };
}
