import type { OperationId } from "@cf-user-groups/types";
import type { Validator } from "../generated/validators.js";
import * as validators from "../generated/validators.js";

const generated = validators as unknown as Record<string, Validator | undefined>;
const BODY_SNIPPET = 300;

/**
 * A response the fake (or an override) sent that the spec does not allow:
 * names the operation, the status, the JSON pointer of the first mismatch,
 * and the body. With `validateResponses` on (the default), each one is
 * recorded in `mock.violations`, and `mock.reset()` throws the first.
 *
 * @example
 * ```ts
 * expect(() => mock.reset()).toThrow(ResponseValidationError);
 * expect(mock.violations).toEqual([]); // reset() cleared them
 * ```
 */
export class ResponseValidationError extends Error {
  override name = "ResponseValidationError";

  constructor(
    readonly operationId: OperationId,
    readonly status: number,
    /** JSON pointer of the first mismatch, into the response body. */
    readonly pointer: string,
    /** What is wrong there, as the validator says it. */
    readonly problem: string,
    /** The body that broke the spec: parsed JSON, or the text when it was not JSON. */
    readonly body?: unknown,
  ) {
    super(
      `${operationId} answered ${status} with a body the spec does not allow: ${pointer || "(root)"} ${problem}.${
        body === undefined ? "" : ` Body: ${snippet(body)}`
      }`,
    );
  }
}

function snippet(body: unknown): string {
  const text = typeof body === "string" ? JSON.stringify(body) : (JSON.stringify(body) ?? String(body));
  return text.length > BODY_SNIPPET ? `${text.slice(0, BODY_SNIPPET)}…` : text;
}

/** The way `body` breaks the spec for this operation and status, or undefined when it is allowed. */
export function findViolation(
  operationId: OperationId,
  status: number,
  body: unknown,
): ResponseValidationError | undefined {
  if (!(Number.isInteger(status) && status >= 200 && status <= 599)) {
    return new ResponseValidationError(
      operationId,
      status,
      "",
      "is not an HTTP status the API answers with",
      body,
    );
  }
  // Only 200 is a documented success; other 2xx statuses are not in the spec.
  const validate =
    status === 200 ? generated[`${operationId}_response`] : status >= 400 ? validators.failure : undefined;
  if (!validate) {
    return new ResponseValidationError(operationId, status, "", "is not a status the spec documents", body);
  }
  if (validate(body)) return undefined;
  const [issue] = validate.errors ?? [];
  return new ResponseValidationError(
    operationId,
    status,
    issue?.instancePath ?? "",
    issue?.message ?? "is invalid",
    body,
  );
}

/** Throws the {@link ResponseValidationError} for `body`, if it breaks the spec. */
export function validateResponse(operationId: OperationId, status: number, body: unknown): void {
  const violation = findViolation(operationId, status, body);
  if (violation) throw violation;
}
