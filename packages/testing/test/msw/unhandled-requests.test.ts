import { describe, expect, it, vi } from "vitest";
import { failOnUnhandledRequests } from "../../src/index.js";
import { useMockedApi } from "../support/api.js";

useMockedApi();

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
});
