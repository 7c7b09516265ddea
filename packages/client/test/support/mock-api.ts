import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

export const BASE = "https://api.cloudflare.com/client/v4";
export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const GROUP = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
export const MEMBER = "4f5f0c14a2a41d5063dd301b2f829f04";
export const TOKEN = "test-token-0123456789abcdef";

/** A success envelope, as Cloudflare sends it. */
export const ok = (result: unknown, extra: object = {}) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...extra,
});

/** A failure envelope with one error entry. */
export const failure = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

export const group = (id = GROUP, name = "Auditors") => ({
  id,
  name,
  created_on: "2024-03-01T12:21:02Z",
  modified_on: "2024-03-01T12:21:02Z",
  policies: [],
});

export const member = (id = MEMBER, email = "user@example.com") => ({ id, email, status: "accepted" });

/** What a handler saw of one request. */
export interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/**
 * One MSW server for a test file, failing on any request no handler answers,
 * plus `record`, which handlers call to log what they saw.
 */
export function useMockServer() {
  const seen: Seen[] = [];
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
  const record = async (request: Request): Promise<Seen> => {
    const entry = {
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: await request.clone().text(),
    };
    seen.push(entry);
    return entry;
  };
  /** A handler for any method and path under the API that records the request and answers `respond`. */
  const answer = (respond: (seen: Seen, attempt: number) => Response | Promise<Response>) =>
    http.all(`${BASE}/*`, async ({ request }) => respond(await record(request), seen.length));
  return { server, seen, record, answer };
}

export { HttpResponse, http };
