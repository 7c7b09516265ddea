import type { ResponseMessage } from "@cf-user-groups/types";

/**
 * The base class of every error this client throws: API errors, connection
 * errors, and bad arguments or options caught before a request is sent.
 *
 * @example
 * ```ts
 * try {
 *   await client.iam.userGroups.get(id);
 * } catch (error) {
 *   if (error instanceof CloudflareError) console.error(error.message);
 * }
 * ```
 */
export class CloudflareError extends Error {}

/** The method and path of the request an {@link APIError} is about. */
export interface RequestInfo {
  method: string;
  /** The path and query below the base URL; never credentials, which travel in headers. */
  path: string;
}

/**
 * A request that failed: an HTTP error status, a `success: false` envelope, a
 * body that is not the expected JSON, or (subclasses without a status) a
 * connection failure, timeout or abort.
 *
 * `errors` and `messages` are the envelope's entries; `error` is the parsed
 * body, or a short text snippet when it was not JSON. Nothing an error carries
 * includes the request's credentials.
 *
 * @example
 * ```ts
 * try {
 *   await client.iam.userGroups.create({ name: "" });
 * } catch (error) {
 *   if (error instanceof APIError) console.error(error.status, error.errors.map((entry) => entry.code));
 * }
 * ```
 */
export class APIError<
  TStatus extends number | undefined = number | undefined,
  THeaders extends Headers | undefined = Headers | undefined,
> extends CloudflareError {
  // `declare`d fields are set in the constructor and emit no class-field code.
  /** The HTTP status; undefined for connection errors, timeouts and aborts. */
  declare readonly status: TStatus;
  /** The parsed response body, or a text snippet of it when it was not JSON. */
  declare readonly error: unknown;
  /** The response headers. */
  declare readonly headers: THeaders;
  /** The envelope's `errors` that are objects; empty when the body had none. */
  declare readonly errors: ResponseMessage[];
  /** The envelope's `messages` that are objects; empty when the body had none. */
  declare readonly messages: ResponseMessage[];
  /** The request's method. */
  declare readonly method: string | undefined;
  /** The request's path and query below the base URL. */
  declare readonly path: string | undefined;
  /**
   * Whether this failed write (POST, PUT or DELETE) may still have been
   * applied: an attempt got no answer, timed out, was aborted in flight, got
   * a 5xx, or got a 2xx the client could not read. Check the account before
   * sending a non-idempotent write (`userGroups.create`) again. Always
   * `false` for reads, and for writes the API refused (4xx) or that never
   * reached it.
   */
  declare readonly mayHaveBeenApplied: boolean;

  constructor(
    status: TStatus,
    error: unknown,
    message: string | undefined,
    headers: THeaders,
    request?: RequestInfo,
    mayHaveBeenApplied = false,
  ) {
    const { errors, messages } = (error ?? {}) as { errors?: unknown; messages?: unknown };
    const entries = objects(errors);
    // Any JSON can arrive here (null entries, objects as codes, thousands of entries): never throw, stay short.
    const detail =
      entries.map((entry) => `[${plain(entry.code)}] ${plain(entry.message)}`).join("; ") ||
      message ||
      (typeof error === "string" && error) ||
      "request failed";
    super(
      `${status ? `${status} ` : ""}${request ? `${request.method} ${request.path}: ` : ""}${clip(detail, 500)}${
        mayHaveBeenApplied ? " (the write may have been applied)" : ""
      }`,
    );
    Object.assign(this, {
      status,
      error,
      headers,
      errors: entries,
      messages: objects(messages),
      method: request?.method,
      path: request?.path,
      mayHaveBeenApplied,
    });
  }
}

/** The entries of an envelope list that are objects; a list that is not an array has none. */
const objects = (list: unknown) =>
  (Array.isArray(list)
    ? list.filter((entry) => entry && typeof entry === "object")
    : []) as ResponseMessage[];

/** Any value as JSON text for a message; never throws (a BigInt or a cycle shows its type). */
export function show(value: unknown): string {
  try {
    return `${JSON.stringify(value)}`;
  } catch {
    return typeof value;
  }
}

/** `text`, cut to `length` characters and an ellipsis if longer. */
export const clip = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length)}…` : text;

/** An envelope entry's `code` or `message` for a message: strings as they are. */
const plain = (value: unknown) => (typeof value === "string" ? value : show(value));

/**
 * The request was aborted through the `signal` you passed, before or during a
 * request or while waiting to retry.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = client.iam.userGroups.get(id, {}, { signal: controller.signal });
 * controller.abort();
 * await pending.catch((error) => error instanceof APIUserAbortError); // true
 * ```
 */
export class APIUserAbortError extends APIError<undefined, undefined> {}

/**
 * The request never got an HTTP response: DNS, TCP, TLS or a reset
 * connection; `cause` holds what fetch threw. Retried automatically.
 *
 * @example
 * ```ts
 * if (error instanceof APIConnectionError) console.error("network trouble:", error.cause);
 * ```
 */
export class APIConnectionError extends APIError<undefined, undefined> {}

/**
 * An attempt took longer than `timeout` milliseconds. Retried automatically.
 *
 * @example
 * ```ts
 * if (error instanceof APIConnectionTimeoutError) console.error("Cloudflare did not answer in time");
 * ```
 */
export class APIConnectionTimeoutError extends APIConnectionError {}

/**
 * HTTP 400: the request was malformed, or (Cloudflare code 9106) had no credentials.
 *
 * @example
 * ```ts
 * if (error instanceof BadRequestError) console.error(error.errors);
 * ```
 */
export class BadRequestError extends APIError<400, Headers> {}

/**
 * HTTP 401: the credentials were not accepted.
 *
 * @example
 * ```ts
 * if (error instanceof AuthenticationError) console.error("check CLOUDFLARE_API_TOKEN");
 * ```
 */
export class AuthenticationError extends APIError<401, Headers> {}

/**
 * HTTP 403: the credentials lack a permission (Cloudflare code 10000 for a refused token).
 *
 * @example
 * ```ts
 * if (error instanceof PermissionDeniedError) console.error("the token needs Account Settings Write");
 * ```
 */
export class PermissionDeniedError extends APIError<403, Headers> {}

/**
 * HTTP 404: no such account, user group or member.
 *
 * @example
 * ```ts
 * const group = await client.iam.userGroups.get(id).catch((error) => {
 *   if (error instanceof NotFoundError) return null;
 *   throw error;
 * });
 * ```
 */
export class NotFoundError extends APIError<404, Headers> {}

/**
 * HTTP 409: the request conflicts with the current state. Retried automatically.
 *
 * @example
 * ```ts
 * if (error instanceof ConflictError) console.error("changed concurrently; try again");
 * ```
 */
export class ConflictError extends APIError<409, Headers> {}

/**
 * HTTP 422: the request was well-formed but invalid.
 *
 * @example
 * ```ts
 * if (error instanceof UnprocessableEntityError) console.error(error.errors);
 * ```
 */
export class UnprocessableEntityError extends APIError<422, Headers> {}

/**
 * HTTP 429: rate limited. Retried automatically, honouring `Retry-After`.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitError) console.error("retry after", error.headers.get("retry-after"));
 * ```
 */
export class RateLimitError extends APIError<429, Headers> {}

/**
 * HTTP 500 or above: Cloudflare (or a proxy in front of it) failed. Retried automatically.
 *
 * @example
 * ```ts
 * if (error instanceof InternalServerError) console.error("Cloudflare is having trouble:", error.status);
 * ```
 */
export class InternalServerError extends APIError<number, Headers> {}

/**
 * A response body was larger than `maxResponseBytes`. Reading stopped at the
 * limit and the rest was discarded; not retried, since the next attempt would
 * send as much. (An error status with an oversized body throws that status's
 * class instead, without the body.)
 *
 * @example
 * ```ts
 * if (error instanceof ResponseTooLargeError) console.error("raise maxResponseBytes or ask for smaller pages");
 * ```
 */
export class ResponseTooLargeError extends APIError<number, Headers> {}

/**
 * Auto-pagination stopped before the last page: the server sent a page it had
 * already sent (it ignores `page`, or its pages cycle), or `maxPages` pages
 * were fetched and the server still announced more.
 *
 * @example
 * ```ts
 * try {
 *   for await (const group of client.iam.userGroups.list({}, { maxPages: 100 })) console.log(group.name);
 * } catch (error) {
 *   if (error instanceof PaginationError) console.error(error.message);
 * }
 * ```
 */
export class PaginationError extends CloudflareError {}

/**
 * Every error class by name. The names are set on the prototypes from here
 * (one list, not a field in each class), and the client has them as statics.
 */
export const ERRORS = {
  CloudflareError,
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ResponseTooLargeError,
  PaginationError,
};
for (const [name, ErrorClass] of Object.entries(ERRORS)) ErrorClass.prototype.name = name;
