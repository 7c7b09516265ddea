import { type ClientOptions, type ResolvedOptions, resolved, resolveOptions } from "./client-options.js";
import {
  type APIConnectionError,
  type APIConnectionTimeoutError,
  type APIError,
  type APIUserAbortError,
  type AuthenticationError,
  type BadRequestError,
  type CloudflareError,
  type ConflictError,
  ERRORS,
  type InternalServerError,
  type NotFoundError,
  type PaginationError,
  type PermissionDeniedError,
  type RateLimitError,
  type ResponseTooLargeError,
  type UnprocessableEntityError,
} from "./errors.js";
import { UserGroups } from "./resources/user-groups.js";

/** Whether a client's options guarantee an `accountId`, making `account_id` optional in calls. */
type HasAccount<Options> = Options extends { accountId: string } ? true : false;

/**
 * A client for Cloudflare's IAM User Groups API, shaped like the official
 * SDK: swap `new Cloudflare(...)` for `new UserGroupsClient(...)` and
 * `client.iam.userGroups` code keeps working.
 *
 * @example
 * ```ts
 * const client = new UserGroupsClient({ apiToken: process.env.CLOUDFLARE_API_TOKEN, accountId });
 * const group = await client.iam.userGroups.create({ name: "Auditors" });
 * for await (const member of client.iam.userGroups.members.list(group.id)) console.log(member.email);
 * ```
 */
export class UserGroupsClient<const Options extends ClientOptions = ClientOptions> {
  /** `client.iam.userGroups` and `client.iam.userGroups.members`, as in the official SDK. */
  readonly iam: { readonly userGroups: UserGroups<HasAccount<Options>> };
  readonly #options: ResolvedOptions;

  /**
   * Resolves and checks the options now, so a client that could not work
   * (no credentials, half a Global API key, a relative base URL) throws here
   * rather than sending anything.
   */
  constructor(options: Options = {} as Options) {
    this.#options = resolveOptions(options);
    resolved.set(this, this.#options);
    this.iam = { userGroups: new UserGroups(this.#options) };
  }

  /** The API base URL requests go to. */
  get baseURL(): string {
    return this.#options.baseURL;
  }

  /** The account calls use when they leave out `account_id`; always a string on a {@link UserGroupsClientWithAccount}. */
  get accountId(): HasAccount<Options> extends true ? string : string | undefined {
    return this.#options.accountId as string;
  }

  // The error classes, as statics, like `Cloudflare.NotFoundError` in the official SDK.
  declare static CloudflareError: typeof CloudflareError;
  declare static APIError: typeof APIError;
  declare static APIConnectionError: typeof APIConnectionError;
  declare static APIConnectionTimeoutError: typeof APIConnectionTimeoutError;
  declare static APIUserAbortError: typeof APIUserAbortError;
  declare static BadRequestError: typeof BadRequestError;
  declare static AuthenticationError: typeof AuthenticationError;
  declare static PermissionDeniedError: typeof PermissionDeniedError;
  declare static NotFoundError: typeof NotFoundError;
  declare static ConflictError: typeof ConflictError;
  declare static UnprocessableEntityError: typeof UnprocessableEntityError;
  declare static RateLimitError: typeof RateLimitError;
  declare static InternalServerError: typeof InternalServerError;
  declare static ResponseTooLargeError: typeof ResponseTooLargeError;
  declare static PaginationError: typeof PaginationError;
}

Object.assign(UserGroupsClient, ERRORS);

/**
 * A client created with an `accountId`, whose calls may leave out
 * `account_id`. Annotate a parameter with it when the function relies on
 * that; plain `UserGroupsClient` (any client) makes `account_id` required in
 * every call.
 *
 * @example
 * ```ts
 * async function groupNames(client: UserGroupsClientWithAccount): Promise<string[]> {
 *   const names: string[] = [];
 *   for await (const group of client.iam.userGroups.list()) names.push(group.name);
 *   return names;
 * }
 * await groupNames(new UserGroupsClient({ apiToken, accountId: "023e105f4ecef8ad9ca31a8372d0c353" }));
 * ```
 */
export type UserGroupsClientWithAccount = UserGroupsClient<ClientOptions & { accountId: string }>;
