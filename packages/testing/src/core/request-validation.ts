import type { OperationId } from "@cf-user-groups/types";
import { ErrorCodes } from "../envelope.js";
import type { Validator } from "../generated/validators.js";
import * as validators from "../generated/validators.js";
import { failure, type OperationResult } from "../operations/context.js";

const generated = validators as unknown as Record<string, Validator | undefined>;

/** The decoded path ids, or the failure the live API gives for an id that does not route. */
export function validatePath(
  pathname: string,
  params: Record<string, string>,
): { params: Record<string, string> } | { failure: OperationResult } {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(params)) {
    // A broken percent-encoding names nothing, even when its raw text happens to be 32 characters long.
    const value = decodePathSegment(raw);
    if (value === undefined || !validators.identifier(value)) {
      return {
        failure: failure(
          400,
          ErrorCodes.INVALID_IDENTIFIER,
          `Could not route to ${pathname}, perhaps your object identifier is invalid?`,
        ),
      };
    }
    decoded[name] = value;
  }
  return { params: decoded };
}

/** A percent-decoded path segment, or undefined when its percent-encoding is broken. */
export function decodePathSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The operation's query, coerced from strings to the types the spec gives
 * them (numbers stay strings when they are not whole numbers, so validation
 * rejects them), or a failure naming the bad parameter. Unknown parameters
 * are ignored, as the live API ignores them.
 */
export function validateQuery(
  operationId: OperationId,
  search: URLSearchParams,
): { query: Record<string, unknown> } | { failure: OperationResult } {
  const types = validators.queryTypes[operationId];
  if (!types) return { query: {} };
  const query: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(types)) {
    const value = search.get(name);
    if (value === null) continue;
    query[name] = type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const validate = generated[`${operationId}_query`];
  if (validate && !validate(query)) {
    const [issue] = validate.errors ?? [];
    const name = issue?.instancePath.slice(1) ?? "";
    return {
      failure: failure(
        400,
        ErrorCodes.INVALID_QUERY,
        `Invalid query parameter ${name}: ${issue?.message ?? "invalid"}.`,
      ),
    };
  }
  return { query };
}

/** The operation's parsed and validated JSON body, or the failure for a malformed or invalid one. */
export function validateBody(
  operationId: OperationId,
  text: string,
): { body: unknown } | { failure: OperationResult } {
  const validate = generated[`${operationId}_body`];
  if (!validate) return { body: undefined };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      failure: failure(
        400,
        ErrorCodes.MALFORMED_JSON,
        text.trim() === "" ? "A JSON request body is required." : "The request body is not valid JSON.",
      ),
    };
  }
  if (!validate(body)) {
    const [issue] = validate.errors ?? [];
    const pointer = issue?.instancePath ?? "";
    return {
      failure: failure(
        400,
        ErrorCodes.INVALID_BODY,
        `Invalid request body: ${pointer || "the body"} ${issue?.message ?? "is invalid"}.`,
        pointer,
      ),
    };
  }
  return { body };
}
