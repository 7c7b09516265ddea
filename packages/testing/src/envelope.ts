import type { FailureEnvelope, ResponseMessage, ResultInfo, SuccessEnvelope } from "@cf-user-groups/types";

/**
 * A success envelope, as Cloudflare sends it: `success: true`, empty
 * `errors` and `messages`, the `result`, and `result_info` for list pages.
 *
 * @example
 * ```ts
 * server.use(http.get("*\/accounts/:account_id/iam/user_groups/:id", () => HttpResponse.json(successEnvelope(buildUserGroup()))));
 * ```
 */
export function successEnvelope<T>(result: T): SuccessEnvelope<T>;
export function successEnvelope<T>(
  result: T,
  resultInfo: ResultInfo,
): SuccessEnvelope<T> & { result_info: ResultInfo };
export function successEnvelope<T>(result: T, resultInfo?: ResultInfo): SuccessEnvelope<T>;
export function successEnvelope<T>(result: T, resultInfo?: ResultInfo): SuccessEnvelope<T> {
  return resultInfo === undefined
    ? { success: true, errors: [], messages: [], result }
    : { success: true, errors: [], messages: [], result, result_info: resultInfo };
}

/**
 * A failure envelope, as Cloudflare sends it: `success: false`, at least one
 * error entry, and `result: null`.
 *
 * @example
 * ```ts
 * HttpResponse.json(failureEnvelope({ code: 10000, message: "Authentication error" }), { status: 403 });
 * ```
 */
export function failureEnvelope(errors: ResponseMessage | ResponseMessage[]): FailureEnvelope {
  return { success: false, errors: Array.isArray(errors) ? errors : [errors], messages: [], result: null };
}

/**
 * The error codes the fake answers with. The first four are the live API's;
 * the rest are the fake's own, since Cloudflare does not document codes for
 * those failures: assert on the HTTP status and the error class for them.
 *
 * @example
 * ```ts
 * expect(error.errors[0]?.code).toBe(ErrorCodes.MISSING_CREDENTIALS);
 * ```
 */
export const ErrorCodes = {
  /** HTTP 400: a path segment is not a valid identifier (the URI did not route). */
  INVALID_IDENTIFIER: 7003,
  /** HTTP 400: no operation at this method and path. */
  NO_ROUTE: 7000,
  /** HTTP 400: no `Authorization`, `X-Auth-Key` or `X-Auth-Email` header. */
  MISSING_CREDENTIALS: 9106,
  /** HTTP 400: a malformed `Authorization`, `X-Auth-Key` or `X-Auth-Email` header. */
  INVALID_HEADERS: 6003,
  /** HTTP 403: the credentials are well-formed but not accepted. */
  AUTHENTICATION_ERROR: 10000,
  /** HTTP 400: the body is not valid JSON. */
  MALFORMED_JSON: 1001,
  /** HTTP 400: the body does not match the operation's schema. */
  INVALID_BODY: 1002,
  /** HTTP 400: a query parameter does not match its schema. */
  INVALID_QUERY: 1003,
  /** HTTP 404: no such user group. */
  USER_GROUP_NOT_FOUND: 1004,
  /** HTTP 404: the member is not in this user group. */
  MEMBER_NOT_FOUND: 1005,
  /** HTTP 400: a member id is not a member of the account. */
  NOT_AN_ACCOUNT_MEMBER: 1006,
  /** HTTP 400: an update names a policy the user group does not have. */
  POLICY_NOT_FOUND: 1007,
  /** The status `mock.fail()` answers with unless told otherwise (HTTP 500). */
  INJECTED_FAILURE: 1008,
  /** HTTP 413: the request body is larger than `maxBodyBytes`. */
  BODY_TOO_LARGE: 1009,
  /** HTTP 415 (HTTP server only): a request with a body that is not sent as `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 1010,
  /** HTTP 403 (HTTP server only): a `Host` the server does not serve (see `allowedHosts`). */
  HOST_NOT_ALLOWED: 1011,
  /** HTTP 400 (HTTP server only): a request that is not valid HTTP for an API: a malformed `Host` or target, or a method fetch cannot carry. */
  MALFORMED_REQUEST: 1012,
  /** HTTP 500: the fake itself failed; please report it. */
  INTERNAL_ERROR: 1000,
  /**
   * HTTP 429: over the rate limit. Other API clients report code 971 for
   * Cloudflare's; an assumption until a live contract run confirms it.
   */
  RATE_LIMITED: 971,
  /**
   * HTTP 400: the user group is managed by SCIM, so its name, members and
   * existence change only at the identity provider. The fake's own code.
   */
  MANAGED_BY_SCIM: 1013,
} as const;
