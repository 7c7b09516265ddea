import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffShapes, inferShape, shapeSignature } from "../src/schema.js";

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 4242);

describe("inferShape", () => {
  it("records types and required keys, never values", () => {
    const shape = inferShape({ id: "a1", count: 3, ratio: 0.5, on: false, gone: null });
    expect(shape).toEqual({
      type: "object",
      properties: {
        count: { type: "integer" },
        gone: { type: "null" },
        id: { type: "string" },
        on: { type: "boolean" },
        ratio: { type: "number" },
      },
      required: ["count", "gone", "id", "on", "ratio"],
    });
    expect(JSON.stringify(shape)).not.toContain("a1");
  });

  it("merges array items: keys every item has are required, others optional, types united", () => {
    const shape = inferShape([
      { id: "a", email: "x@example.com", user: { first_name: "A" } },
      { id: "b", user: null },
    ]);
    expect(shape).toEqual({
      type: "array",
      items: {
        type: "object",
        properties: {
          email: { type: "string" },
          id: { type: "string" },
          user: {
            anyOf: [
              { type: "null" },
              { type: "object", properties: { first_name: { type: "string" } }, required: ["first_name"] },
            ],
          },
        },
        required: ["id", "user"],
      },
    });
  });

  it("keeps an envelope's success as a const, so true and false differ", () => {
    const ok = inferShape({ success: true, errors: [], messages: [], result: null });
    const failed = inferShape({ success: false, errors: [], messages: [], result: null });
    expect(ok.properties?.success).toEqual({ type: "boolean", const: true });
    expect(diffShapes(ok, failed)).toEqual([{ path: "success", a: "true", b: "false" }]);
  });

  it("says an empty array has no items", () => {
    expect(inferShape({ result: [] })).toEqual({
      type: "object",
      properties: { result: { type: "array" } },
      required: ["result"],
    });
  });

  const json = fc.jsonValue({ maxDepth: 4 });

  it("infers a schema every sample it came from satisfies", () => {
    const ajv = new Ajv({ strict: false });
    fc.assert(
      fc.property(json, (value) => {
        expect(ajv.validate(inferShape(value), value)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });

  it("gives the same shape whatever the order of keys and of array items", () => {
    const reorder = (value: unknown): unknown => {
      if (Array.isArray(value)) return [...value].reverse().map(reorder);
      if (value && typeof value === "object") {
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([key, item]) => [key, reorder(item)]),
        );
      }
      return value;
    };
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.stringify(inferShape(reorder(value)))).toBe(JSON.stringify(inferShape(value)));
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });
});

describe("shapeSignature", () => {
  it("writes a shape as one line, optional keys with ?", () => {
    const shape = inferShape({
      success: true,
      result: [
        { id: "a", tags: ["x"] },
        { id: "b", email: null },
      ],
    });
    expect(shapeSignature(shape)).toBe(
      "{ result: { email?: null, id: string, tags?: string[] }[], success: true }",
    );
    expect(shapeSignature(inferShape([1, "a"]))).toBe("(integer | string)[]");
    expect(shapeSignature(null)).toBe("(no JSON)");
  });
});

describe("diffShapes", () => {
  const page = (extra: Record<string, unknown>) =>
    inferShape({ success: true, result: [{ id: "a" }], result_info: { count: 1, page: 1, ...extra } });

  it("finds nothing between shapes of different values", () => {
    expect(diffShapes(page({ total_pages: 1 }), page({ total_pages: 7 }))).toEqual([]);
  });

  it("names the path of a key one side lacks", () => {
    expect(diffShapes(page({ total_pages: 1 }), page({}))).toEqual([
      { path: "result_info.total_pages", a: "integer", b: "absent" },
    ]);
  });

  it("names a type change inside array items", () => {
    const a = inferShape({ result: [{ id: "a" }] });
    const b = inferShape({ result: [{ id: 1 }] });
    expect(diffShapes(a, b)).toEqual([{ path: "result[].id", a: "string", b: "integer" }]);
  });

  it("tells an always-present key from a sometimes-absent one", () => {
    const a = inferShape([{ id: "a", email: "x" }]);
    const b = inferShape([{ id: "a", email: "x" }, { id: "b" }]);
    expect(diffShapes(a, b)).toEqual([{ path: "[].email", a: "always present", b: "sometimes absent" }]);
  });

  it("tells an empty list from one with items, and JSON from no JSON", () => {
    expect(diffShapes(inferShape({ result: [] }), inferShape({ result: [{ id: "a" }] }))).toEqual([
      { path: "result[]", a: "no items (empty)", b: "{ id: string }" },
    ]);
    expect(diffShapes(inferShape({}), null)).toEqual([{ path: "(body)", a: "{}", b: "(no JSON)" }]);
  });
});
