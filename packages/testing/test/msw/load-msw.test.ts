import { describe, expect, it } from "vitest";
import { mswFrom } from "../../src/msw/load-msw.js";

/** A `require` that knows only the given modules. */
const requireOf =
  (modules: Record<string, unknown>) =>
  (id: string): unknown => {
    if (id in modules) return modules[id];
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
  };
const msw = { http: {} };

describe("loading msw for mock.handlers", () => {
  it("says what to install when msw is missing", () => {
    expect(() => mswFrom(requireOf({}), "20.19.0")).toThrow(
      "mock.handlers needs msw, which is not installed: npm i -D msw@2 on Node 20, or npm i -D msw on Node 22.12 and later. (mock.fetch needs no msw.)",
    );
  });

  it.each(["20.19.0", "22.11.9", "18.20.0"])(
    "fails fast for msw 3 on Node %s, saying to install msw 2",
    (node) => {
      expect(() => mswFrom(requireOf({ "msw/package.json": { version: "3.0.5" }, msw }), node)).toThrow(
        `msw 3.0.5 needs Node 22.12 or later, and this is Node ${node}. Install msw 2 instead (npm i -D msw@2)`,
      );
    },
  );

  it.each([
    ["3.0.5", "22.12.0"],
    ["3.1.0", "24.1.0"],
    ["2.15.0", "20.19.0"],
    ["2.12.0", "22.0.0"],
  ])("loads msw %s on Node %s", (version, node) => {
    expect(mswFrom(requireOf({ "msw/package.json": { version }, msw }), node)).toBe(msw);
  });
});
