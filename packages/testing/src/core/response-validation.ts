import type { OperationId } from "@cf-user-groups/types";
import type { Validator } from "../generated/validators.js";
import * as validators from "../generated/validators.js";

const generated = validators as unknown as Record<string, Validator | undefined>;

/**
 * Thrown when `validateResponses` is on and a response the fake (or an
 * override) sends does not match the spec. Names the operation, the status
 * and the JSON pointer of the first mismatch.
 *
 * @example
 * ```ts
 * expect(error).toBeInstanceOf(ResponseValidationError);
 * expect((error as ResponseValidationError).pointer).toBe("/result/id");
 * ```
 */
export class ResponseValidationError extends Error {
  override name = "ResponseValidationError";

  constructor(
    readonly operationId: OperationId,
    readonly status: number,
    /** JSON pointer of the first mismatch, into the response body. */
    readonly pointer: string,
    problem: string,
  ) {
    super(
      `${operationId} answered ${status} with a body the spec does not allow: ${pointer || "(root)"} ${problem}.`,
    );
  }
}

/** Throws a ResponseValidationError unless `body` is what the spec allows for this operation and status. */
export function validateResponse(operationId: OperationId, status: number, body: unknown): void {
  const validate = status >= 200 && status < 300 ? generated[`${operationId}_response`] : validators.failure;
  if (validate && !validate(body)) {
    const [issue] = validate.errors ?? [];
    throw new ResponseValidationError(
      operationId,
      status,
      issue?.instancePath ?? "",
      issue?.message ?? "is invalid",
    );
  }
}
