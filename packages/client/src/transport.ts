import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RequestInfo,
  UnprocessableEntityError,
} from "./errors.js";
import { retryDelay, shouldRetry } from "./retry-policy.js";

/**
 * Options for one call, passed as the last argument of every method.
 *
 * @example
 * ```ts
 * await client.iam.userGroups.get(id, {}, { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(20_000) });
 * ```
 */
export interface RequestOptions {
  /** Aborts the call, including any wait before a retry; it then rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds each attempt may take, overriding the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries after the first attempt, overriding the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Extra headers for this call; they override the client's. */
  headers?: Record<string, string> | undefined;
}

/** What the transport needs from the client. */
export interface TransportConfig {
  /** Lower-case header names: auth, accept and the client's default headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly maxRetries: number;
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

/** Header names are case-insensitive; one spelling per name keeps `{ ...a, ...b }` an override, not a merge. */
export const lowerCaseKeys = (
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined =>
  headers && Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * Sends a request with the client's auth and defaults, retrying connection
 * errors, timeouts and retryable statuses, and reads the body within the
 * attempt, so a connection that drops mid-body is retried too. Resolves with
 * a 2xx response and its text; rejects with an `APIError` subclass.
 */
export async function send(
  config: TransportConfig,
  request: Outgoing,
  options: RequestOptions = {},
): Promise<Reply> {
  const { signal } = options;
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const timeout = options.timeout ?? config.timeout;
  const info: RequestInfo = { method: request.method, path: request.path };
  const init: RequestInit = {
    method: request.method,
    headers: {
      ...config.headers,
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      ...request.headers,
      ...lowerCaseKeys(options.headers),
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
    const timer = setTimeout(abort, timeout);
    signal?.addEventListener("abort", abort);
    init.signal = controller.signal;
    let failure: APIError;
    let retryAfter: Headers | undefined;
    try {
      // `fetch` is read at call time, so a mock installed after the client was created (MSW) still sees the request.
      const response = await (config.fetch ?? fetch)(request.url, init);
      const { status, headers } = response;
      if (response.ok) return { response, text: await response.text(), request };
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
      if (attempt >= maxRetries || !shouldRetry(response)) {
        throw errorForStatus(status, parseOrSnippet(await response.text()), undefined, headers, info);
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
      clearTimeout(timer);
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

/** The error for an HTTP status, picked as the official SDK picks it. */
function errorForStatus(
  status: number,
  body: unknown,
  message: string | undefined,
  headers: Headers,
  request: RequestInfo,
): APIError<number, Headers> {
  const ErrorClass = byStatus[status] ?? (status > 499 ? InternalServerError : APIError);
  return new ErrorClass(status as never, body, message, headers, request);
}

/** The parsed JSON body, or a short, single-line snippet of a body that is not JSON. */
export function parseOrSnippet(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  }
}

/**
 * The Cloudflare envelope of a 2xx reply. A body that is not a JSON object,
 * or an envelope with `success: false`, is an `APIError` even on HTTP 200:
 * the official SDK resolves `null` there, which hides the failure.
 */
export function readEnvelope({ response, text, request }: Reply): {
  result: unknown;
  [key: string]: unknown;
} {
  const body = parseOrSnippet(text) as { success?: unknown } | null;
  if (typeof body !== "object" || !body || body.success === false) {
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
