import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { ErrorCodes, failOnUnhandledRequests } from "../../src/index.js";
import { ACCOUNT, ALICE, useMockedApi } from "../support/api.js";

const { mock } = useMockedApi();

describe("failOnUnhandledRequests", () => {
  it("makes a request no handler answers fail, whichever msw major is installed", async () => {
    // A local server that answers whatever MSW lets through, so the test fails offline too if it bypasses.
    const reached: string[] = [];
    const local = createServer((request, response) => {
      reached.push(`${request.method} ${request.url}`);
      response.end("bypassed MSW");
    });
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/not-the-user-groups-api`;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failure = await fetch(url).then(
        (response) => `answered ${response.status}`,
        (error: unknown) => error,
      );
      // msw 2 rejects with its own error; msw 3 wraps it in fetch's TypeError, as its cause.
      const mswError = failure instanceof Error && failure.cause instanceof Error ? failure.cause : failure;
      expect(mswError).toBeInstanceOf(Error);
      expect((mswError as Error).message).toMatch(/^\[MSW\] Cannot bypass a request .*"error" strategy/);
      expect(errors.mock.calls.flat().join("\n")).toContain(`GET ${url}`);
      expect(reached).toEqual([]);
    } finally {
      errors.mockRestore();
      await new Promise((resolve) => local.close(resolve));
    }
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
