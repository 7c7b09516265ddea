// Cloudflare's global rate limit, as the fake models it: per credential, a
// sliding window by the fake's clock, then a block; headers on every answer.

import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import {
  CLOUDFLARE_RATE_LIMIT,
  createUserGroupsMock,
  ErrorCodes,
  type UserGroupsMockOptions,
} from "../../src/index.js";

const START = Date.parse("2026-06-01T00:00:00.000Z");
/** A fake whose clock stands still unless moved. */
const fakeWith = (options: UserGroupsMockOptions) =>
  createUserGroupsMock({ now: () => new Date(START), ...options });
const list = (
  mock: ReturnType<typeof createUserGroupsMock>,
  headers: Record<string, string> = { authorization: "Bearer a" },
) =>
  mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${mock.accountId}/iam/user_groups`, { headers });

describe("rateLimit", () => {
  it("is off by default: no headers, no 429", async () => {
    const mock = fakeWith({});
    for (let index = 0; index < 50; index++) expect((await list(mock)).status).toBe(200);
    const response = await list(mock);
    expect(response.headers.get("ratelimit")).toBeNull();
    expect(response.headers.get("ratelimit-policy")).toBeNull();
    expect(mock.rateLimit()).toEqual({ enabled: false });
  });

  it("counts down r in Ratelimit on every answer, with the policy, and sends no Retry-After until the limit", async () => {
    const mock = fakeWith({ rateLimit: { requests: 3, windowSeconds: 60, blockSeconds: 120 } });
    const seen: [number, string | null, string | null, string | null][] = [];
    for (let index = 0; index < 3; index++) {
      const response = await list(mock);
      seen.push([
        response.status,
        response.headers.get("ratelimit"),
        response.headers.get("ratelimit-policy"),
        response.headers.get("retry-after"),
      ]);
      mock.clock.advance(10_000);
    }
    expect(seen).toEqual([
      [200, '"default";r=2;t=60', '"default";q=3;w=60', null],
      [200, '"default";r=1;t=50', '"default";q=3;w=60', null],
      [200, '"default";r=0;t=40', '"default";q=3;w=60', null],
    ]);
  });

  it("past the limit, blocks the credential for blockSeconds with Cloudflare's 429, even after the window frees", async () => {
    const mock = fakeWith({ rateLimit: { requests: 2, windowSeconds: 60, blockSeconds: 300 } });
    await list(mock);
    await list(mock);
    const limited = await list(mock);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("300");
    expect(limited.headers.get("ratelimit")).toBe('"default";r=0;t=300');
    expect(await limited.json()).toEqual({
      success: false,
      errors: [
        { code: ErrorCodes.RATE_LIMITED, message: "Please wait and consider throttling your request speed" },
      ],
      messages: [],
      result: null,
    });
    mock.clock.advance(61_000); // the window has moved on, the block has not
    const still = await list(mock);
    expect(still.status).toBe(429);
    expect(still.headers.get("retry-after")).toBe("239");
    mock.clock.advance(239_000);
    expect((await list(mock)).status).toBe(200);
    // Every request, refused or not, is in the log; the 429s are the fake's own answers and break no rule.
    expect(mock.requests.map((request) => request.status)).toEqual([200, 200, 429, 429, 200]);
    expect(mock.violations).toEqual([]);
  });

  it("counts each credential apart: a token, another token, and a key with its email", async () => {
    const mock = fakeWith({ rateLimit: { requests: 1, windowSeconds: 60, blockSeconds: 60 } });
    expect((await list(mock, { authorization: "Bearer a" })).status).toBe(200);
    expect((await list(mock, { authorization: "Bearer a" })).status).toBe(429);
    expect((await list(mock, { authorization: "Bearer b" })).status).toBe(200);
    expect((await list(mock, { "x-auth-key": "k", "x-auth-email": "a@example.com" })).status).toBe(200);
    expect((await list(mock, { "x-auth-key": "k", "x-auth-email": "b@example.com" })).status).toBe(200);
    expect((await list(mock, { "x-auth-key": "k", "x-auth-email": "a@example.com" })).status).toBe(429);
  });

  it("with true, is the live API's 1,200 per 300 s then 300 s of 429, covered in no time by the fake's clock", async () => {
    const mock = fakeWith({ rateLimit: true });
    const published = { requests: 1200, windowSeconds: 300, blockSeconds: 300 };
    expect(CLOUDFLARE_RATE_LIMIT).toEqual(published);
    expect(mock.rateLimit()).toEqual({ enabled: true, ...published });
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: mock.accountId,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    for (let index = 0; index < 1200; index++) {
      await client.iam.userGroups.list();
      if (index % 100 === 99) mock.clock.advance(1_000);
    }
    await expect(client.iam.userGroups.list()).rejects.toMatchObject({ status: 429 });
    mock.clock.advance(299_000);
    await expect(client.iam.userGroups.list()).rejects.toMatchObject({ status: 429 });
    mock.clock.advance(1_000);
    expect((await client.iam.userGroups.list()).result).toEqual([]);
  });

  it("setRateLimit() turns it on and off at run time, and reset() goes back to the option, with fresh counts", async () => {
    const mock = fakeWith({ rateLimit: { requests: 1, windowSeconds: 60, blockSeconds: 60 } });
    await list(mock);
    expect((await list(mock)).status).toBe(429);
    mock.setRateLimit(false);
    expect((await list(mock)).status).toBe(200);
    mock.setRateLimit({ requests: 2 });
    expect(mock.rateLimit()).toEqual({ enabled: true, requests: 2, windowSeconds: 300, blockSeconds: 300 });
    mock.reset();
    expect(mock.rateLimit()).toEqual({ enabled: true, requests: 1, windowSeconds: 60, blockSeconds: 60 });
    expect((await list(mock)).status).toBe(200);
    expect(() => mock.setRateLimit({ requests: 0 })).toThrow(
      "rateLimit.requests must be a whole number above 0",
    );
    expect(() => createUserGroupsMock({ rateLimit: { requests: 1.5 } })).toThrow(
      "options.rateLimit.requests",
    );
  });

  it("does not count requests without credentials", async () => {
    const mock = fakeWith({ rateLimit: { requests: 1, windowSeconds: 60, blockSeconds: 60 } });
    for (let index = 0; index < 3; index++) expect((await list(mock, {})).status).toBe(400);
    expect((await list(mock)).status).toBe(200);
  });
});
