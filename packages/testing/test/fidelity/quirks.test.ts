// The 429s other API clients have seen from Cloudflare that break its own
// rules, injected on purpose: the fake sends them as they are, unvalidated.

import { describe, expect, it } from "vitest";
import { createUserGroupsMock, ErrorCodes, type RateLimitQuirk } from "../../src/index.js";

const list = (mock: ReturnType<typeof createUserGroupsMock>, accountId = mock.accountId) =>
  mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${accountId}/iam/user_groups`, {
    headers: { authorization: "Bearer t" },
  });

describe("mock.rateLimitQuirk", () => {
  it("retry-after-in-body: Retry-After 0, and the real wait in the body's retry_after", async () => {
    const mock = createUserGroupsMock();
    mock.rateLimitQuirk("listUserGroups", { quirk: "retry-after-in-body", retryAfter: 42 });
    const response = await list(mock);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("0");
    expect(await response.json()).toEqual({
      success: false,
      errors: [
        { code: ErrorCodes.RATE_LIMITED, message: "Please wait and consider throttling your request speed" },
      ],
      messages: [],
      result: null,
      retry_after: 42,
    });
    expect((await list(mock)).status).toBe(200);
  });

  it.each([
    ["null-body", "null"],
    ["empty-body", ""],
  ] as [RateLimitQuirk, string][])("%s: a 429 whose body is %j", async (quirk, body) => {
    const mock = createUserGroupsMock();
    mock.rateLimitQuirk("*", { quirk, times: 2 });
    for (let index = 0; index < 2; index++) {
      const response = await list(mock);
      expect(response.status).toBe(429);
      expect(await response.text()).toBe(body);
    }
    expect((await list(mock)).status).toBe(200);
    expect(mock.requests.map((request) => [request.status, request.source])).toEqual([
      [429, "fault"],
      [429, "fault"],
      [200, "fake"],
    ]);
    // Off the spec on purpose: not a violation, so reset() does not throw.
    expect(mock.violations).toEqual([]);
    expect(() => mock.reset()).not.toThrow();
  });

  it("can be scoped to an account, and refuses an unknown quirk", async () => {
    const mock = createUserGroupsMock();
    const isolated = mock.isolatedAccount();
    mock.rateLimitQuirk("*", { quirk: "null-body", accountId: isolated });
    expect((await list(mock)).status).toBe(200);
    expect((await list(mock, isolated)).status).toBe(429);
    expect(() => mock.rateLimitQuirk("*", { quirk: "teapot" as RateLimitQuirk })).toThrow(
      '`quirk` must be one of "retry-after-in-body", "null-body", "empty-body", got "teapot"',
    );
    expect(() => mock.rateLimitQuirk("*", { quirk: "retry-after-in-body", retryAfter: -1 })).toThrow(
      TypeError,
    );
  });
});
