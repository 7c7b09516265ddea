// The fake is reached three ways: `mock.fetch`, MSW handlers, and the HTTP
// server. Each has its own URL parsing (MSW's matcher, Node's HTTP parser),
// so fast-check sends the same random request sequences, valid and invalid,
// through all three and requires byte-for-byte the same answers.
//
// FUZZ_RUNS scales this with the model-based test (a tenth of its runs).

import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserGroupsMock, failOnUnhandledRequests } from "../../src/index.js";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import {
  createBody,
  DIRECTORY_IDS,
  hex32,
  listQuery,
  memberId,
  membersBody,
  membersQuery,
  oddSegment,
} from "./arbitraries.js";
import { ACCOUNT } from "./model.js";

const RUNS = Math.max(200, Math.round(Number(process.env.FUZZ_RUNS ?? 2000) / 10));
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

// A fixed clock and seed so the three fakes create the same ids and timestamps.
const options = {
  seed: 9,
  now: () => new Date("2026-11-24T00:00:00.000Z"),
  groups: [{ name: "Auditors", members: DIRECTORY_IDS.slice(0, 2) }, { name: "Billing" }],
  validateResponses: true,
};

const viaFetch = createUserGroupsMock(options);
const viaMsw = createUserGroupsMock(options);
const msw = setupServer(...viaMsw.handlers);
let server: MockServer;

beforeAll(async () => {
  msw.listen(failOnUnhandledRequests);
  server = await startMockServer(options);
});
afterAll(async () => {
  msw.close();
  await server.close();
});

interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
  authorization?: string;
}

const seededGroup = fc.constantFrom(...viaFetch.store.listUserGroups().map((group) => group.id));
const groupSegment = fc.oneof({ weight: 4, arbitrary: seededGroup }, hex32, oddSegment);
const memberSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DIRECTORY_IDS) },
  hex32,
  oddSegment,
);

const request: fc.Arbitrary<Sent> = fc.oneof(
  listQuery.map((query) => ({ method: "GET", path: "", query })),
  createBody.map((body) => ({ method: "POST", path: "", query: {}, body })),
  fc
    .tuple(fc.constantFrom("GET", "DELETE", "PATCH"), groupSegment)
    .map(([method, group]) => ({ method, path: `/${group}`, query: {} })),
  fc
    .tuple(groupSegment, fc.oneof(createBody, fc.constant('{"name":"Renamed"}')))
    .map(([group, body]) => ({ method: "PUT", path: `/${group}`, query: {}, body })),
  fc
    .tuple(groupSegment, membersQuery)
    .map(([group, query]) => ({ method: "GET", path: `/${group}/members`, query })),
  fc
    .tuple(fc.constantFrom("POST", "PUT"), groupSegment, membersBody(memberId))
    .map(([method, group, body]) => ({ method, path: `/${group}/members`, query: {}, body })),
  fc
    .tuple(fc.constantFrom("GET", "DELETE"), groupSegment, memberSegment)
    .map(([method, group, member]) => ({ method, path: `/${group}/members/${member}`, query: {} })),
  fc.constantFrom(undefined, "Bearer", "Basic abc").map((authorization) => ({
    method: "GET",
    path: "",
    query: {},
    ...(authorization ? { authorization } : {}),
  })),
);

async function answer(
  origin: string,
  transport: (url: string, init: RequestInit) => Promise<Response>,
  sent: Sent,
) {
  const search = new URLSearchParams(sent.query).toString();
  const url = `${origin}/accounts/${ACCOUNT}/iam/user_groups${sent.path}${search ? `?${search}` : ""}`;
  const response = await transport(url, {
    method: sent.method,
    headers: {
      authorization: sent.authorization ?? "Bearer fuzz",
      // As every client sends it: the HTTP server refuses bodies that are not JSON.
      ...(sent.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(sent.body === undefined ? {} : { body: sent.body }),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: await response.text(),
  };
}

/**
 * A plain node:http client for the server: MSW's interceptor is listening in
 * this file and its wildcard-host handlers would answer fetch to 127.0.0.1 too.
 */
function overHttp(url: string, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      { method: init.method, headers: init.headers as Record<string, string> },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 0,
              headers: { "content-type": res.headers["content-type"] ?? "" },
            }),
          ),
        );
        res.on("error", reject);
      },
    );
    sent.on("error", reject);
    sent.end(typeof init.body === "string" ? init.body : undefined);
  });
}

describe("the three ways to reach the fake", () => {
  it(`answer the same request sequences identically (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (sequence) => {
        viaFetch.reset();
        viaMsw.reset();
        server.mock.reset();
        for (const sent of sequence) {
          const expected = await answer("https://api.cloudflare.com/client/v4", viaFetch.fetch, sent);
          expect(expected.status).toBeLessThan(500);
          const logged = server.mock.requests.length;
          expect(await answer("https://api.cloudflare.com/client/v4", fetch, sent), "via MSW").toEqual(
            expected,
          );
          expect(await answer(server.baseURL, overHttp, sent), "via the HTTP server").toEqual(expected);
          expect(server.mock.requests.length, "the server's own fake answered").toBe(logged + 1);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
