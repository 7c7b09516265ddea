/**
 * Whether the HTTP server sends CORS headers, so pages on other origins may
 * call it: `false` (the default: browsers keep other origins out), `true`
 * for any origin, or a list of origins such as `"http://localhost:5173"`.
 *
 * @example
 * ```ts
 * await startMockServer({ cors: ["http://localhost:5173"] });
 * ```
 */
export type CorsOption = boolean | readonly string[];

/** Response headers a page may read: what clients need to back off. */
const EXPOSED = "retry-after, ratelimit, ratelimit-policy";
const METHODS = "GET, POST, PUT, DELETE";

/** The origin to answer CORS for, or undefined when CORS is off or the request's origin is not allowed. */
export function corsOrigin(request: Request, cors: CorsOption): string | undefined {
  const origin = request.headers.get("origin");
  if (!cors || origin === null) return undefined;
  return cors === true || cors.includes(origin) ? origin : undefined;
}

/** Whether the request is a CORS preflight. */
export const isPreflight = (request: Request): boolean =>
  request.method === "OPTIONS" &&
  request.headers.has("origin") &&
  request.headers.has("access-control-request-method");

/** The answer to an allowed preflight. */
export function preflightResponse(request: Request, origin: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": METHODS,
      "access-control-allow-headers":
        request.headers.get("access-control-request-headers") ??
        "authorization, content-type, x-auth-key, x-auth-email",
      "access-control-max-age": "600",
      vary: "origin",
    },
  });
}

/** `response` with the CORS headers for `origin`. */
export function withCors(response: Response, origin: string): Response {
  // A dropped connection (mock.networkError) has no headers to add to.
  if (response.type === "error") return response;
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", EXPOSED);
  headers.append("vary", "origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
