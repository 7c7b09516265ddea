import { describe, expect, it, vi } from "vitest";
import { ErrorCodes, failOnUnhandledRequests } from "../../src/index.js";
import { ACCOUNT, ALICE, useMockedApi } from "../support/api.js";

const { mock } = useMockedApi();

describe("failOnUnhandledRequests", () => {
  it("makes a request no handler answers fail, whichever msw major is installed", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(fetch("https://example.com/not-the-user-groups-api")).rejects.toThrow();
    errors.mockRestore();
  });

  it("names the option of both msw 2 and msw 3, and cannot be changed", () => {
    expect(failOnUnhandledRequests).toEqual({ onUnhandledRequest: "error", onUnhandledFrame: "error" });
    expect(Object.isFrozen(failOnUnhandledRequests)).toBe(true);
  });

  // Found by the transports fuzz test: MSW left these unhandled, while mock.fetch and the server answered.
  it("answers other methods on the API's own paths with the live API's No route 400, not an unhandled request", async () => {
    const base = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`;
    const group = "0123456789abcdef0123456789abcdef";
    for (const [method, url] of [
      ["PATCH", base],
      ["PATCH", `${base}/${group}`],
      ["DELETE", `${base}/${group}/members`],
      ["PUT", `${base}/${group}/members/${ALICE}`],
    ] as const) {
      const response = await fetch(url, { method, headers: { authorization: "Bearer t" } });
      expect(response.status, `${method} ${url}`).toBe(400);
      expect((await response.json()).errors[0].code).toBe(ErrorCodes.NO_ROUTE);
    }
    expect(mock.requests.map((request) => [request.method, request.operationId, request.status])).toEqual([
      ["PATCH", undefined, 400],
      ["PATCH", undefined, 400],
      ["DELETE", undefined, 400],
      ["PUT", undefined, 400],
    ]);
  });
});
