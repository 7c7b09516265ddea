// The HTTP server against random malformed HTTP over real sockets: odd and
// unknown methods, broken and foreign Hosts, targets that are not paths or
// do not decode, header values and names HTTP forbids, conflicting lengths,
// oversized and non-UTF-8 bodies, senders that trickle or hang up. Whatever
// arrives, the server answers with a Cloudflare envelope and never a 5xx, or
// closes the connection, and it keeps serving with no unhandled rejection.
//
// FUZZ_RUNS scales this with the model-based test (a fiftieth of its runs).

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import { head, type RawAnswer, rawRequest } from "../support/raw-http.js";
import { ACCOUNT } from "./model.js";

const RUNS = Math.max(40, Math.round(Number(process.env.FUZZ_RUNS ?? 2000) / 50));
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const LIMIT = 4 * 1024;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let server: MockServer;
let port: number;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await startMockServer({ accountId: ACCOUNT, maxBodyBytes: LIMIT, groups: [{ name: "Auditors" }] });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});

/** One request, as bytes on the wire. */
interface Hostile {
  method: string;
  target: string;
  host: string | undefined;
  headers: [string, string][];
  body: Buffer | undefined;
  /** How the body travels. */
  framing: "length" | "chunked" | "short-then-hang-up" | "conflicting-lengths";
  /** Milliseconds between the pieces the request is split into (a slow sender). */
  gapMs: number;
  pieces: number;
}

const API = `/client/v4/accounts/${ACCOUNT}/iam/user_groups`;
const GROUP = "0123456789abcdef0123456789abcdef";
const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);

const method = fc.oneof(
  fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"),
  fc.constantFrom("PROPFIND", "M-SEARCH", "PURGE", "QUERY", "get", "TRACK", "CONNECT"),
  token,
  fc.string({ maxLength: 8 }),
);
const target = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      API,
      `${API}/${GROUP}`,
      `${API}/${GROUP}/members`,
      `${API}/${GROUP}/members/${GROUP}`,
    ),
  },
  fc.constantFrom(
    "*",
    "/",
    "//evil.example/x",
    "http://localhost/x",
    "ftp://x/y",
    "example.com:443",
    `${API}?page=%ZZ`,
  ),
  fc.constantFrom(`${API}/%ZZ`, `${API}/%E0%A4%A`, `${API}/..%2f..`, `${API}/${"a".repeat(3000)}`, "/\u00e9"),
  fc.string({ maxLength: 40 }).map((text) => `/${text}`),
  fc.string({ maxLength: 20 }),
);
const host = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("localhost", "127.0.0.1", "[::1]") },
  fc.constantFrom(
    "a b",
    "a:99999",
    "[",
    "a%zz",
    "evil.example",
    "evil.com@localhost",
    "localhost/x",
    "",
    "\u00e9",
  ),
  fc.string({ maxLength: 12 }),
  fc.constant(undefined),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("Bearer t", "Bearer", "\u00ff\u0080", " spaced ", "a\u0000b", "x".repeat(2000)),
);
const headers = fc.array(
  fc.oneof(
    fc.tuple(
      fc.constantFrom("authorization", "x-auth-key", "x-auth-email", "content-type", "origin", "expect"),
      headerValue,
    ),
    fc.tuple(token, headerValue),
    fc.tuple(fc.string({ maxLength: 6 }), headerValue),
  ),
  { maxLength: 4 },
);
const body = fc.option(
  fc.oneof(
    fc.json().map((text) => Buffer.from(text)),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: LIMIT - 2, max: LIMIT * 3 }).map((size) => Buffer.alloc(size, 0x7b)),
    fc.constant(Buffer.from('{"name":"Fuzzed"}')),
  ),
  { nil: undefined },
);

const hostile: fc.Arbitrary<Hostile> = fc.record({
  method,
  target,
  host,
  headers,
  body,
  framing: fc.constantFrom("length", "length", "chunked", "short-then-hang-up", "conflicting-lengths"),
  gapMs: fc.constantFrom(0, 0, 0, 2),
  pieces: fc.integer({ min: 1, max: 4 }),
});

/** The request's bytes, split into `pieces` parts. */
function wire(request: Hostile): Buffer[] {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (request.host !== undefined) lines.push(`host: ${request.host}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  lines.push("connection: close");
  const payload = request.body ?? Buffer.alloc(0);
  let body = payload;
  if (request.framing === "chunked") {
    lines.push("transfer-encoding: chunked");
    body = Buffer.concat([
      ...(payload.length > 0
        ? [Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from("\r\n")]
        : []),
      Buffer.from("0\r\n\r\n"),
    ]);
  } else if (request.framing === "conflicting-lengths") {
    lines.push(`content-length: ${payload.length}`, `content-length: ${payload.length + 1}`);
  } else if (request.framing === "short-then-hang-up") {
    lines.push(`content-length: ${payload.length + 10}`);
  } else lines.push(`content-length: ${payload.length}`);
  const whole = Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
  const size = Math.ceil(whole.length / request.pieces);
  return Array.from({ length: request.pieces }, (_, index) =>
    whole.subarray(index * size, (index + 1) * size),
  ).filter((piece) => piece.length > 0);
}

/** What any answer must be: a whole Cloudflare envelope below 500, or a closed connection where the client gave up. */
function expectSafe(request: Hostile, answer: RawAnswer) {
  if (answer.status === undefined) {
    // No answer is acceptable only when the client hung up, sent HTTP the parser dropped, or the
    // server closed a connection whose body it refused (413) before the client read the answer.
    expect(answer.closed, answer.raw).not.toBe("open");
    return;
  }
  expect(answer.status, answer.raw).toBeLessThan(500);
  expect(answer.status, answer.raw).toBeGreaterThanOrEqual(200);
  if (request.method === "HEAD") return;
  expect(answer.body, answer.raw).toMatchObject({ success: expect.any(Boolean), errors: expect.any(Array) });
}

describe("the HTTP server against hostile HTTP", () => {
  it(`answers every request safely and keeps serving (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 6 }), async (sequence) => {
        for (const request of sequence) {
          const answer = await rawRequest(port, wire(request), {
            gapMs: request.gapMs,
            hangUp: request.framing === "short-then-hang-up",
          });
          expectSafe(request, answer);
        }
        const ok = await rawRequest(port, [
          head("GET", API, { host: "localhost", authorization: "Bearer t", connection: "close" }),
        ]);
        expect(ok.status).toBe(200);
        expect(unhandled).toEqual([]);
        expect(server.mock.violations).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
