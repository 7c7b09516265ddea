import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";

/** The bundled spec exactly as the package ships it. */
export const spec = JSON.parse(
  readFileSync(new URL("../../src/generated/openapi.json", import.meta.url), "utf8"),
) as OpenApiDocument;

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

const SPEC_ID = "urn:cf-user-groups:openapi";

/** Escapes one JSON pointer segment (RFC 6901). */
export const pointerSegment = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Compiles schemas from the spec with ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1). The document's components are registered under one id, and a schema's
 * local `#/components/...` references are pointed at it, so any fragment of
 * the spec compiles as it stands.
 */
export function createSchemaCompiler(document: OpenApiDocument = spec) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajvFormats.default(ajv);
  // ajv compiles the registered root too, so register only the components,
  // under a keyword it is told to treat as an annotation.
  ajv.addKeyword("components");
  ajv.addSchema({ $id: SPEC_ID, components: document.components });
  const cache = new Map<string, ValidateFunction>();
  return (schema: unknown): ValidateFunction => {
    const text = JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`);
    let validate = cache.get(text);
    if (!validate) {
      validate = ajv.compile(JSON.parse(text));
      cache.set(text, validate);
    }
    return validate;
  };
}

/** Follows a local `$ref` (`#/components/...`) if `value` is one. */
export function deref<T>(value: T | { $ref: string }, document: OpenApiDocument = spec): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    const target = value.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, segment) => (node as Record<string, unknown>)?.[segment], document);
    if (target === undefined) throw new Error(`Unresolved $ref ${value.$ref}`);
    return deref(target as T, document);
  }
  return value as T;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

export interface MediaType {
  schema: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown } | { $ref: string }>;
}

/** Every operation, with path-level parameters merged in and `$ref`s followed. */
export function operations(document: OpenApiDocument = spec): Operation[] {
  return Object.entries(document.paths).flatMap(([path, rawItem]) => {
    const item = deref(rawItem as Record<string, unknown>, document);
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => deref(p as Parameter, document));
    return HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const op = item[method] as Record<string, unknown>;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => deref(p as Parameter, document));
      const responses = Object.fromEntries(
        Object.entries(op.responses as Record<string, unknown>).map(([status, r]) => [
          status,
          deref(r as Operation["responses"][string], document),
        ]),
      );
      return {
        ...(op as unknown as Operation),
        method,
        path,
        pointer: `/paths/${pointerSegment(path)}/${method}`,
        parameters: [...shared, ...own],
        requestBody: op.requestBody ? deref(op.requestBody as Operation["requestBody"], document) : undefined,
        responses,
      } as Operation;
    });
  });
}
