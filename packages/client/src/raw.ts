/**
 * Typed raw access to the API: openapi-fetch on the spec's paths, on a
 * `UserGroupsClient`'s transport. A separate entry point, so apps that only
 * call the client's methods never bundle openapi-fetch.
 *
 * @example
 * ```ts
 * import { UserGroupsClient } from "@cf-user-groups/client";
 * import { rawClient } from "@cf-user-groups/client/raw";
 *
 * const raw = rawClient(new UserGroupsClient({ apiToken: process.env.CLOUDFLARE_API_TOKEN }));
 * const { data } = await raw.GET("/accounts/{account_id}/iam/user_groups", {
 *   params: { path: { account_id: "023e105f4ecef8ad9ca31a8372d0c353" }, query: { per_page: 10 } },
 * });
 * ```
 *
 * @module
 */

import type { paths } from "@cf-user-groups/types";
import createClient, { type Client } from "openapi-fetch";
import { resolved } from "./client-options.js";
import { CloudflareError } from "./errors.js";
import { IDEMPOTENT, ONCE, OPERATIONS } from "./operations.js";
import { fillPath, search } from "./request-url.js";
import { readEnvelope, send } from "./transport.js";
import type { UserGroupsClient, UserGroupsClientWithAccount } from "./user-groups-client.js";

/**
 * openapi-fetch's `GET`, `POST`, `PUT` and `DELETE`, typed by the spec's paths.
 *
 * @example
 * ```ts
 * const raw: RawClient = rawClient(client);
 * ```
 */
export type RawClient = Pick<Client<paths>, "GET" | "POST" | "PUT" | "DELETE">;

/**
 * openapi-fetch on the spec's paths, sharing `client`'s auth, timeouts,
 * retries (including which writes are retried), logging and errors: a failed
 * request throws an `APIError` rather than resolving `{ error }`.
 *
 * @example
 * ```ts
 * const raw = rawClient(client);
 * const { data } = await raw.PUT("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
 *   params: { path: { account_id, user_group_id } },
 *   body: { name: "Renamed" },
 * });
 * ```
 */
export function rawClient(client: UserGroupsClient | UserGroupsClientWithAccount): RawClient {
  const options = resolved.get(client);
  if (!options) throw new CloudflareError("rawClient() takes a UserGroupsClient.");
  const raw = createClient<paths>({
    baseUrl: options.baseURL,
    pathSerializer: fillPath,
    querySerializer: search,
  });
  const method = <M extends keyof RawClient>(name: M) =>
    (async (template: string, init?: object) => {
      // The path template, not the URL, says which operation this is; an unknown one is never repeated blindly.
      const repeat =
        OPERATIONS.find(([verb, path]) => verb === name && path === template)?.[2] ??
        (name === "GET" ? IDEMPOTENT : ONCE);
      try {
        return await (raw[name] as (...args: unknown[]) => unknown)(template, {
          ...init,
          fetch: async (request: Request) => {
            const reply = await send(
              options,
              {
                method: request.method,
                url: request.url,
                path: request.url.slice(options.baseURL.length),
                body: request.body ? await request.text() : undefined,
                repeat,
              },
              { signal: request.signal, headers: Object.fromEntries(request.headers) },
            );
            if (!reply.gone) {
              readEnvelope(reply);
              return new Response(reply.text, reply.response);
            }
            // Deleted by an earlier attempt: answer as the delete would have, with the id from the path.
            const id = decodeURIComponent(new URL(request.url).pathname.split("/").pop() as string);
            return Response.json({ success: true, errors: [], messages: [], result: { id } });
          },
        });
      } catch (error) {
        // What fails before our fetch runs is building the Request, and fetch's
        // messages quote header values: say where, without the value.
        throw error instanceof CloudflareError
          ? error
          : new CloudflareError(
              `rawClient(…).${name}: could not build the request (${(error as Error)?.name}).`,
            );
      }
    }) as unknown as RawClient[M];
  return { GET: method("GET"), POST: method("POST"), PUT: method("PUT"), DELETE: method("DELETE") };
}
