import type { paths } from "@cf-user-groups/types";
import type { Client } from "openapi-fetch";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./client-options.js";
import {
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
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "./errors.js";
import { fillPath, search } from "./request-url.js";
import { UserGroups } from "./resources/user-groups.js";
import { readEnvelope, send } from "./transport.js";

/**
 * `client.raw`: openapi-fetch's `GET`, `POST`, `PUT` and `DELETE`, typed by the spec's paths.
 *
 * @example
 * ```ts
 * const raw: RawClient = client.raw;
 * ```
 */
export type RawClient = Pick<Client<paths>, "GET" | "POST" | "PUT" | "DELETE">;

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
  #raw: RawClient | undefined;

  /**
   * Resolves and checks the options now, so a client that could not work
   * (no credentials, half a Global API key, a relative base URL) throws here
   * rather than sending anything.
   */
  constructor(options: Options = {} as Options) {
    this.#options = resolveOptions(options);
    this.iam = { userGroups: new UserGroups(this.#options) };
  }

  /** The API base URL requests go to. */
  get baseURL(): string {
    return this.#options.baseURL;
  }

  /** The account calls use when they leave out `account_id`. */
  get accountId(): string | undefined {
    return this.#options.accountId;
  }

  /**
   * openapi-fetch on the spec's paths, sharing this client's auth, timeouts,
   * retries and errors: a failed request throws an `APIError` rather than
   * resolving `{ error }`. openapi-fetch itself loads on the first raw call.
   *
   * @example
   * ```ts
   * const { data } = await client.raw.GET("/accounts/{account_id}/iam/user_groups", {
   *   params: { path: { account_id }, query: { per_page: 10 } },
   * });
   * ```
   */
  get raw(): RawClient {
    this.#raw ??= rawClient(this.#options);
    return this.#raw;
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

Object.assign(UserGroupsClient, {
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
});

/**
 * openapi-fetch on the client's transport. openapi-fetch is imported on the
 * first call, so apps that only use the methods never load it (bundlers put it
 * in a chunk of its own).
 */
function rawClient(options: ResolvedOptions): RawClient {
  let client: Promise<Client<paths>> | undefined;
  const load = () =>
    (client ??= import("openapi-fetch").then(({ default: createClient }) =>
      createClient<paths>({
        baseUrl: options.baseURL,
        pathSerializer: fillPath,
        querySerializer: search,
        fetch: async (request) => {
          const reply = await send(
            options,
            {
              method: request.method,
              url: request.url,
              path: request.url.slice(options.baseURL.length),
              headers: Object.fromEntries(request.headers),
              body: request.body ? await request.text() : undefined,
            },
            { signal: request.signal },
          );
          readEnvelope(reply);
          return new Response(reply.text, reply.response);
        },
      }),
    ));
  const method = <M extends keyof RawClient>(name: M) =>
    (async (...args: unknown[]) => {
      const raw = await load();
      try {
        return await (raw[name] as (...args: unknown[]) => unknown)(...args);
      } catch (error) {
        // What fails before our fetch runs is building the Request, and fetch's
        // messages quote header values: say where, without the value.
        throw error instanceof CloudflareError
          ? error
          : new CloudflareError(
              `client.raw.${name}: could not build the request (${(error as Error)?.name}).`,
            );
      }
    }) as RawClient[M];
  return { GET: method("GET"), POST: method("POST"), PUT: method("PUT"), DELETE: method("DELETE") };
}
