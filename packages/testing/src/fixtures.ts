import type { FailureEnvelope, OperationId, operations } from "@cf-user-groups/types";
import { examples } from "./generated/fixtures.js";

type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** The examples of one operation: its success response, and its request body if it has one. */
export interface OperationFixture<Op extends OperationId> {
  response: JsonOf<operations[Op]["responses"][200]>;
  request?: JsonOf<operations[Op]["requestBody"]>;
}

/** Every operation's examples, plus named failure envelopes. */
export type Fixtures = { [Op in OperationId]: OperationFixture<Op> } & {
  failures: Record<string, FailureEnvelope>;
};

/**
 * The spec's example payloads: the API description's response for each
 * operation, the request bodies it shows, and two failure envelopes.
 *
 * @example
 * ```ts
 * server.use(mock.override.getUserGroup({ body: fixtures.getUserGroup.response }));
 * ```
 */
export const fixtures: Fixtures = examples;
