import { createSchema, type Schema } from "genson-js";

/**
 * The shape of a JSON body as a JSON Schema: types, properties, which keys
 * every sample had (`required`), and array items merged into one shape.
 * Inferred by genson-js (a port of Python's GenSON), then normalised so the
 * same shape always serialises the same way. No values, except `const` on an
 * envelope's `success`.
 *
 * @example
 * ```ts
 * const shape: Shape = { type: "object", properties: { id: { type: "string" } }, required: ["id"] };
 * ```
 */
export interface Shape {
  type?: string | string[];
  const?: boolean;
  properties?: Record<string, Shape>;
  required?: string[];
  items?: Shape;
  anyOf?: Shape[];
}

/** Sorted keys, sorted `required` and `type` lists, `anyOf` in a fixed order: equal shapes are equal JSON. */
function normalise(schema: Schema): Shape {
  const shape: Shape = {};
  if (schema.type !== undefined) {
    shape.type = Array.isArray(schema.type) ? [...schema.type].sort() : schema.type;
  }
  if (schema.properties) {
    shape.properties = Object.fromEntries(
      Object.keys(schema.properties)
        .sort()
        .map((key) => [key, normalise((schema.properties as Record<string, Schema>)[key] as Schema)]),
    );
  }
  if (schema.required && schema.required.length > 0) shape.required = [...schema.required].sort();
  if (schema.items) shape.items = normalise(schema.items);
  if (schema.anyOf) {
    shape.anyOf = schema.anyOf
      .map(normalise)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return shape;
}

/**
 * The shape of a parsed JSON body. A Cloudflare envelope's `success` keeps
 * its value (`const`), since `true` and `false` are different answers.
 *
 * @example
 * ```ts
 * inferShape({ success: true, errors: [], result: [{ id: "a" }, { id: "b", email: "x" }] });
 * // result: { type: "array", items: { properties: { email, id }, required: ["id"] } }
 * ```
 */
export function inferShape(body: unknown): Shape {
  const shape = normalise(createSchema(body));
  const success = (body as { success?: unknown } | null)?.success;
  if (typeof success === "boolean" && shape.properties?.success) {
    shape.properties.success = { type: "boolean", const: success };
  }
  return shape;
}

const typeList = (shape: Shape): string[] =>
  shape.type === undefined ? [] : Array.isArray(shape.type) ? shape.type : [shape.type];

/**
 * A shape as one line of TypeScript-like notation, for reports:
 * `{ id: string, name?: string | null, tags: string[] }`. An empty array is `[]`.
 *
 * @example
 * ```ts
 * shapeSignature(inferShape({ success: true, result: [] })); // "{ result: [], success: true }"
 * ```
 */
export function shapeSignature(shape: Shape | null | undefined): string {
  if (!shape) return "(no JSON)";
  if (shape.anyOf) return shape.anyOf.map(shapeSignature).join(" | ");
  if (shape.const !== undefined) return JSON.stringify(shape.const);
  const parts = typeList(shape).map((type) => {
    if (type === "object") {
      const properties = shape.properties ?? {};
      const keys = Object.keys(properties);
      if (keys.length === 0) return "{}";
      const required = new Set(shape.required);
      const fields = keys.map(
        (key) => `${key}${required.has(key) ? "" : "?"}: ${shapeSignature(properties[key] as Shape)}`,
      );
      return `{ ${fields.join(", ")} }`;
    }
    if (type === "array") {
      if (!shape.items) return "[]";
      const item = shapeSignature(shape.items);
      return /[ |]/.test(item) && !item.startsWith("{") ? `(${item})[]` : `${item}[]`;
    }
    return type;
  });
  return parts.length === 0 ? "unknown" : parts.join(" | ");
}

/** One difference between two shapes, at a path such as `result[].email`. */
export interface ShapeDifference {
  /** Where, from the body's root: `result.policies[].id`; `(body)` for the root. */
  path: string;
  /** What the first shape says there. */
  a: string;
  /** What the second shape says there. */
  b: string;
}

const describe = (shape: Shape | undefined): string => (shape ? shapeSignature(shape) : "absent");

/**
 * Every difference between two shapes, walking properties and array items,
 * so a report says `result.total_pages: integer vs absent` rather than "the
 * bodies differ".
 *
 * @example
 * ```ts
 * diffShapes(inferShape({ a: 1 }), inferShape({ a: "1" })); // [{ path: "a", a: "integer", b: "string" }]
 * ```
 */
export function diffShapes(a: Shape | null, b: Shape | null, path = ""): ShapeDifference[] {
  const here = path === "" ? "(body)" : path;
  if (a === null || b === null) {
    return a === b ? [] : [{ path: here, a: shapeSignature(a), b: shapeSignature(b) }];
  }
  // Unions, and the leaves of a type change, are compared whole.
  if (a.anyOf || b.anyOf || a.const !== b.const || typeList(a).join("|") !== typeList(b).join("|")) {
    const left = shapeSignature(a);
    const right = shapeSignature(b);
    return left === right ? [] : [{ path: here, a: left, b: right }];
  }
  const differences: ShapeDifference[] = [];
  const keys = [...new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})])].sort();
  const requiredA = new Set(a.required);
  const requiredB = new Set(b.required);
  for (const key of keys) {
    const at = path === "" ? key : `${path}.${key}`;
    const left = a.properties?.[key];
    const right = b.properties?.[key];
    if (!left || !right) {
      differences.push({ path: at, a: describe(left), b: describe(right) });
      continue;
    }
    if (requiredA.has(key) !== requiredB.has(key)) {
      differences.push({
        path: at,
        a: requiredA.has(key) ? "always present" : "sometimes absent",
        b: requiredB.has(key) ? "always present" : "sometimes absent",
      });
    }
    differences.push(...diffShapes(left, right, at));
  }
  if (a.items || b.items) {
    const at = `${path}[]`;
    if (!a.items || !b.items) {
      differences.push({
        path: at,
        a: a.items ? shapeSignature(a.items) : "no items (empty)",
        b: b.items ? shapeSignature(b.items) : "no items (empty)",
      });
    } else {
      differences.push(...diffShapes(a.items, b.items, at));
    }
  }
  return differences;
}
