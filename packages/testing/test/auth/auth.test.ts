import { AuthenticationError, PermissionDeniedError, UserGroupsClient } from "@cf-user-groups/client";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AuthOption, createUserGroupsMock, failOnUnhandledRequests } from "../../src/index.js";
import { ACCOUNT } from "../support/api.js";

const url = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`;
let auth: AuthOption = true;
const server = setupServer();
beforeAll(() => server.listen(failOnUnhandledRequests));
afterEach(() => {
  server.resetHandlers();
  auth = true;
});
afterAll(() => server.close());

async function answer(headers: Record<string, string>, option: AuthOption = auth) {
  const mock = createUserGroupsMock({ auth: option, validateResponses: true });
  server.use(...mock.handlers);
  const response = await fetch(url, { headers });
  const body = await response.json();
  return { status: response.status, errors: body.errors, success: body.success, mock };
}

/** The reason each chained code gives. */
const REASONS: Record<number, string> = {
  6111: "Invalid format for Authorization header",
  6102: "Invalid format for X-Auth-Key header",
  6103: "Invalid format for X-Auth-Email header",
};

describe("authentication, like the live API", () => {
  it("no credentials: 400, code 9106", async () => {
    expect(await answer({})).toMatchObject({
      status: 400,
      success: false,
      errors: [
        {
          code: 9106,
          message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
        },
      ],
    });
  });

  it.each([
    ["X-Auth-Key without X-Auth-Email", { "x-auth-key": "key" }],
    ["X-Auth-Email without X-Auth-Key", { "x-auth-email": "a@example.com" }],
  ])("%s: 400, code 9106", async (_, headers) => {
    expect(await answer(headers)).toMatchObject({
      status: 400,
      errors: [{ code: 9106 }],
    });
  });

  it.each([
    ["a Basic scheme", { authorization: "Basic dXNlcjpwYXNz" }, 6111],
    ["Bearer with no token", { authorization: "Bearer " }, 6111],
    ["a token with a space", { authorization: "Bearer two words" }, 6111],
    ["just a token", { authorization: "token-without-scheme" }, 6111],
    ["an email without @", { "x-auth-key": "key", "x-auth-email": "not-an-email" }, 6103],
    ["an email with a space before it", { "x-auth-key": "key", "x-auth-email": "not an@example.com" }, 6103],
    ["an email with a space after it", { "x-auth-key": "key", "x-auth-email": "an@example.com b" }, 6103],
    ["a key with a space", { "x-auth-key": "a key", "x-auth-email": "a@example.com" }, 6102],
  ])("a malformed header (%s): 400, code 6003 with the reason chained", async (_, headers, reason) => {
    const { status, errors } = await answer(headers);
    expect(status).toBe(400);
    expect(errors).toEqual([
      {
        code: 6003,
        message: "Invalid request headers",
        error_chain: [{ code: reason, message: REASONS[reason] }],
      },
    ]);
  });

  it("accepts any well-formed credential by default", async () => {
    expect((await answer({ authorization: "Bearer anything-goes_1.2~3" })).status).toBe(200);
    expect((await answer({ authorization: "bearer lower-case-scheme" })).status).toBe(200);
    expect(
      (await answer({ "x-auth-key": "144c9defac04969c7bfad8efaa8ea194", "x-auth-email": "a@example.com" }))
        .status,
    ).toBe(200);
  });

  it("with auth.tokens, accepts only those tokens: 403, code 10000 otherwise", async () => {
    auth = { tokens: ["good-token"] };
    expect((await answer({ authorization: "Bearer good-token" })).status).toBe(200);
    expect(await answer({ authorization: "Bearer bad-token" })).toMatchObject({
      status: 403,
      errors: [{ code: 10000, message: "Authentication error" }],
    });
    expect((await answer({ "x-auth-key": "k", "x-auth-email": "a@example.com" })).status).toBe(403);
  });

  it("with auth.keys, accepts only those keys with their email", async () => {
    auth = { keys: [{ key: "good-key", email: "a@example.com" }] };
    expect((await answer({ "x-auth-key": "good-key", "x-auth-email": "a@example.com" })).status).toBe(200);
    expect((await answer({ "x-auth-key": "good-key", "x-auth-email": "b@example.com" })).status).toBe(403);
    expect((await answer({ "x-auth-key": "bad-key", "x-auth-email": "a@example.com" })).status).toBe(403);
    expect((await answer({ authorization: "Bearer some-token" })).status).toBe(403);
  });

  it("with several auth.keys, accepts each of them", async () => {
    auth = {
      keys: [
        { key: "first-key", email: "a@example.com" },
        { key: "second-key", email: "b@example.com" },
      ],
    };
    expect((await answer({ "x-auth-key": "second-key", "x-auth-email": "b@example.com" })).status).toBe(200);
    expect((await answer({ "x-auth-key": "first-key", "x-auth-email": "b@example.com" })).status).toBe(403);
  });

  it("with auth: false, checks nothing", async () => {
    expect((await answer({}, false)).status).toBe(200);
  });

  it("a refused request changes nothing", async () => {
    auth = { tokens: ["good-token"] };
    const mock = createUserGroupsMock({ auth, validateResponses: true });
    server.use(...mock.handlers);
    const before = mock.store.snapshot();
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: "Bearer bad" },
      body: '{"name":"x"}',
    });
    expect(response.status).toBe(403);
    expect(mock.store.snapshot()).toEqual(before);
  });

  it("the client sees the official error classes", async () => {
    const mock = createUserGroupsMock({ auth: { tokens: ["good-token"] }, validateResponses: true });
    server.use(...mock.handlers);
    const refused = new UserGroupsClient({ apiToken: "bad-token", accountId: ACCOUNT, maxRetries: 0 });
    await expect(refused.iam.userGroups.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(refused.iam.userGroups.list()).rejects.not.toBeInstanceOf(AuthenticationError);
  });
});
