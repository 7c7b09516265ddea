import type { Fake } from "../core/fake.js";
import { DEFAULT_MAX_BODY_BYTES } from "../core/mock-options.js";
import { ErrorCodes } from "../envelope.js";
import { ADMIN_PATH, createAdminHandler } from "./admin-handler.js";
import { type CorsOption, corsOrigin, isPreflight, preflightResponse, withCors } from "./cors.js";
import { type AllowedHosts, isAllowedHost } from "./host-check.js";

/** The path the API is served under, as on api.cloudflare.com. */
export const BASE_PATH = "/client/v4";

/** How a fake is served over HTTP: who may call it, from where. */
export interface HttpOptions {
  /** The host the server listens on; requests naming it are served. */
  listenHost: string;
  /** Other host names to serve (see {@link AllowedHosts}). */
  allowedHosts?: AllowedHosts | undefined;
  /** CORS for pages on other origins (see {@link CorsOption}). @default false */
  cors?: CorsOption | undefined;
  /** Serve the control plane under `/__admin/`. @default true */
  admin?: boolean | undefined;
  /** The largest control-plane request body read, in bytes. @default 1048576 */
  maxBodyBytes?: number | undefined;
  /** Saves the state file (see `POST /__admin/state/save`). */
  saveState?: (() => Promise<string>) | undefined;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The fake behind an HTTP server, as a fetch handler (a `Request` in, a
 * `Response` out): what any HTTP server, Node's or another runtime's, needs.
 * On top of the fake's own checks it refuses what a browser page could send
 * to a local server without the developer's say: a `Host` the server does
 * not serve (DNS rebinding), and a body that is not JSON (a cross-site form
 * post). It sends no CORS headers unless `cors` allows the origin. It never
 * rejects: an error in the fake becomes a 500 envelope.
 */
export function createFetchHandler(
  fake: Fake,
  options: HttpOptions,
): (request: Request) => Promise<Response> {
  const { listenHost, allowedHosts, cors = false, admin = true } = options;
  const adminHandler = admin
    ? createAdminHandler(fake, {
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        saveState: options.saveState,
      })
    : undefined;
  return async (request) => {
    const url = new URL(request.url);
    const refuse = (status: number, code: number, message: string) =>
      fake.refuse(
        {
          method: request.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: request.headers,
        },
        status,
        code,
        message,
      );
    if (!isAllowedHost(url.hostname, listenHost, allowedHosts)) {
      request.body?.cancel().catch(() => {});
      return refuse(
        403,
        ErrorCodes.HOST_NOT_ALLOWED,
        `Host ${url.hostname} is not served here. Start the server with allowedHosts (--allowed-hosts) to serve it.`,
      );
    }
    const origin = corsOrigin(request, cors);
    const answer = (response: Response) => (origin === undefined ? response : withCors(response, origin));
    if (isPreflight(request) && origin !== undefined) return preflightResponse(request, origin);
    const toAdmin =
      adminHandler && (url.pathname === ADMIN_PATH || url.pathname.startsWith(`${ADMIN_PATH}/`));
    // A page on another origin may not change the fake: browsers send Origin with every cross-site write.
    if (toAdmin && request.method !== "GET" && request.headers.has("origin") && origin === undefined) {
      request.body?.cancel().catch(() => {});
      return refuse(
        403,
        ErrorCodes.HOST_NOT_ALLOWED,
        "The control plane refuses writes from other origins; start the server with cors (--cors) to allow one.",
      );
    }
    if (!url.pathname.startsWith(`${BASE_PATH}/`) && !toAdmin) {
      request.body?.cancel().catch(() => {});
      return answer(refuse(400, ErrorCodes.NO_ROUTE, "No route for that URI"));
    }
    if (request.body !== null && !JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
      request.body.cancel().catch(() => {});
      return answer(
        refuse(
          415,
          ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          "Send request bodies as JSON, with Content-Type: application/json (with curl: -H 'Content-Type: application/json').",
        ),
      );
    }
    try {
      return answer(await (toAdmin ? adminHandler(request) : fake.handle(request)));
    } catch (error) {
      return answer(
        refuse(
          500,
          ErrorCodes.INTERNAL_ERROR,
          `The fake failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };
}
