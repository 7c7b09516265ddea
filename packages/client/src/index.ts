/**
 * A tiny typed client for Cloudflare's IAM User Groups API, shaped like the
 * official SDK's `client.iam.userGroups`.
 *
 * @example
 * ```ts
 * import { UserGroupsClient } from "@cf-user-groups/client";
 *
 * const client = new UserGroupsClient({ apiToken: process.env.CLOUDFLARE_API_TOKEN });
 * const page = await client.iam.userGroups.list({ account_id: "023e105f4ecef8ad9ca31a8372d0c353" });
 * ```
 *
 * @module
 */

export type {
  DeletedUserGroup,
  Member,
  MemberDetail,
  Policy,
  ResultInfo,
  UserGroup,
} from "@cf-user-groups/types";
// Results
export { APIPromise } from "./api-promise.js";
export { type ClientOptions, DEFAULT_BASE_URL } from "./client-options.js";
// Errors
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CloudflareError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  type RequestInfo,
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "./errors.js";
export type { Logger, LogLevel } from "./log.js";
export { AbstractPage, PagePromise, SinglePage, V4PagePaginationArray } from "./pagination.js";
export type { RateLimit } from "./rate-limit.js";
export { Members } from "./resources/members.js";
export type {
  AccountParam,
  MemberCreateParams,
  MemberDeleteParams,
  MemberGetParams,
  MemberListParams,
  MemberUpdateParams,
  UserGroupCreateParams,
  UserGroupDeleteParams,
  UserGroupGetParams,
  UserGroupListParams,
  UserGroupUpdateParams,
} from "./resources/params.js";
// Resources and their parameters
export { UserGroups } from "./resources/user-groups.js";
export type { RequestLimits, RequestOptions } from "./transport.js";
// The client
export { UserGroupsClient, type UserGroupsClientWithAccount } from "./user-groups-client.js";
