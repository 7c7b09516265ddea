// Whatever JSON a server sends, the client classifies it: an error status
// keeps its status's class however broken its envelope (a malformed envelope
// once crashed the APIError constructor into a retried "connection error"),
// and a 2xx that is not a success envelope with a `result` is an APIError,
// never a resolved undefined.

import { describe, expect, it } from "vitest";
import {
  APIError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  UserGroupsClient,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, GROUP, member, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

/** A client (default retries) whose fetch answers every request with `body` as JSON text and `status`. */
function answering(body: unknown, status = 200) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const scripted = scriptedFetch(
    () =>
      new Response(text, { status, headers: { "content-type": "application/json", "retry-after-ms": "0" } }),
  );
  return {
    ...scripted,
    client: new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch: scripted.fetch }),
  };
}

const failureOf = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => expect.unreachable("the call should fail"),
    (error: unknown) => error as APIError,
  );

const malformed: [string, unknown][] = [
  ["errors: [null]", { success: false, errors: [null], messages: [], result: null }],
  [
    "errors: [null, {code, message}]",
    { success: false, errors: [null, { code: 7, message: "m" }], result: null },
  ],
  ["errors as a string", { success: false, errors: "boom", result: null }],
  ["errors as an object", { success: false, errors: { code: 1 }, result: null }],
  ["errors of numbers and strings", { success: false, errors: [1, "two", true], result: null }],
  ["entries with null code and message", { success: false, errors: [{ code: null, message: null }] }],
  [
    "an object code that cannot become a string",
    { success: false, errors: [{ code: { toString: 1, valueOf: 1 }, message: { toString: 1 } }] },
  ],
  ["messages: [null]", { success: false, errors: [], messages: [null, 3] }],
  ["a body of null", null],
  ["a body that is an array", [null, { code: 1 }]],
  ["a body that is a number", 42],
  ["a body that is a string", "nope"],
  ["an empty body", ""],
];

describe("an error status keeps its class whatever its envelope", () => {
  it.each(malformed)("400 with %s is a BadRequestError after one attempt", async (_, body) => {
    const { client, requests } = answering(body, 400);
    const error = await failureOf(client.iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^400 GET \/accounts\//);
    for (const entry of [...error.errors, ...error.messages]) expect(typeof entry).toBe("object");
    expect(requests).toHaveLength(1);
  });

  it.each([
    [404, NotFoundError, 1],
    [409, ConflictError, 3],
    [500, InternalServerError, 3],
  ] as const)("%i with errors: [null] is a %O after its retries", async (status, ErrorClass, attempts) => {
    const { client, requests } = answering({ success: false, errors: [null], result: null }, status);
    await expect(client.iam.userGroups.get(GROUP)).rejects.toBeInstanceOf(ErrorClass);
    expect(requests).toHaveLength(attempts);
  });

  it("shows entries that are not strings as JSON", async () => {
    const { client } = answering(
      { success: false, errors: [{ code: { a: 1 }, message: [1, "x"] }, null] },
      400,
    );
    const error = await failureOf(client.iam.userGroups.get(GROUP));
    expect(error.message).toMatch(/: \[\{"a":1\}\] \[1,"x"\]$/);
    expect(error.errors).toEqual([{ code: { a: 1 }, message: [1, "x"] }]);
  });

  it("keeps the message short however many entries there are", async () => {
    const errors = Array.from({ length: 100_000 }, (_, code) => ({ code, message: "x".repeat(50) }));
    const { client } = answering({ success: false, errors, result: null }, 422);
    const error = await failureOf(client.iam.userGroups.get(GROUP));
    expect(error.errors).toHaveLength(100_000);
    expect(error.message.length).toBeLessThan(700);
    expect(error.message).toMatch(/^422 GET .*: \[0\] x+; \[1\] x+.*…$/);
  }, 60_000);

  it("keeps a long single message short", async () => {
    const { client } = answering(
      { success: false, errors: [{ code: 1, message: "y".repeat(100_000) }] },
      400,
    );
    expect((await failureOf(client.iam.userGroups.get(GROUP))).message.length).toBeLessThan(700);
  });

  it("an APIError built by hand from any JSON never throws", () => {
    for (const [, body] of malformed) {
      expect(() => new APIError(400, body, undefined, new Headers())).not.toThrow();
    }
    expect(() => new APIError(400, { errors: [{ code: 10n }] }, undefined, new Headers())).not.toThrow();
  });
});

describe("a 2xx that is not a success envelope with a result is an APIError", () => {
  const notEnvelopes: [string, unknown][] = [
    ["[]", []],
    ["{}", {}],
    ['{ "success": "false" }', { success: "false", result: {} }],
    ["success: 1", { success: 1, result: {} }],
    ["success: true without result", { success: true, errors: [], messages: [] }],
    ["null", null],
    ["a number", 5],
    ["a string", "ok"],
    ["true", true],
    ["an empty body", ""],
    ["success: false", { success: false, errors: [{ code: 1000, message: "nope" }], result: null }],
  ];

  const calls: [string, (client: UserGroupsClient<{ accountId: string }>) => PromiseLike<unknown>][] = [
    ["userGroups.get", (client) => client.iam.userGroups.get(GROUP)],
    ["userGroups.delete", (client) => client.iam.userGroups.delete(GROUP)],
    ["userGroups.list", (client) => client.iam.userGroups.list()],
    ["members.create", (client) => client.iam.userGroups.members.create(GROUP, { members: [] })],
    [
      "rawClient(client).GET",
      (client) =>
        rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
          params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
        }),
    ],
  ];

  for (const [callName, call] of calls) {
    it.each(notEnvelopes)(`${callName} with %s`, async (_, body) => {
      const { client, requests } = answering(body);
      const error = await failureOf(call(client));
      expect(error.constructor).toBe(APIError);
      expect(error.status).toBe(200);
      expect(requests).toHaveLength(1);
    });
  }

  it("result: null is valid: an empty member list, a null result", async () => {
    const empty = { success: true, errors: [], messages: [], result: null };
    const { client } = answering(empty);
    const page = await client.iam.userGroups.members.list(GROUP);
    expect(page.result).toEqual([]);
    expect(page.hasNextPage()).toBe(false);
    expect((await client.iam.userGroups.members.update(GROUP, { members: [] })).result).toEqual([]);
    await expect(client.iam.userGroups.get(GROUP)).resolves.toBeNull();
    const { data } = await rawClient(client).GET(
      "/accounts/{account_id}/iam/user_groups/{user_group_id}/members",
      {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      },
    );
    expect(data?.result).toBeNull();
  });

  it.each([
    ["an object", { id: "x" }],
    ["a string", "abc"],
  ])("a member write whose result is %s is an APIError", async (_, result) => {
    const { client } = answering(ok(result));
    await expect(client.iam.userGroups.members.update(GROUP, { members: [] })).rejects.toBeInstanceOf(
      APIError,
    );
  });

  it("a valid envelope still resolves", async () => {
    const { client } = answering(ok([member()]));
    expect((await client.iam.userGroups.members.create(GROUP, { members: [] })).result).toEqual([member()]);
  });
});
