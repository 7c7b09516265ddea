import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";

/** The control plane's spec, as the package ships it. */
export const adminSpec = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../src/generated/admin-openapi.json", import.meta.url)), "utf8"),
) as {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
ajv.addSchema({ $id: "admin", components: adminSpec.components });
const rewrite = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"admin#/'));

/** Asserts that `body` is what the control plane's spec says `operationId` answers with `status`. */
export function expectAdminResponse(operationId: string, status: number, body: unknown): void {
  const operation = Object.values(adminSpec.paths)
    .flatMap((item) => Object.values(item))
    .find((candidate) => candidate.operationId === operationId);
  expect(operation, `no operation ${operationId} in admin-openapi.json`).toBeDefined();
  const declared = operation?.responses[String(status)] ?? operation?.responses[`${String(status)[0]}XX`];
  expect(declared, `${operationId} does not declare ${status}`).toBeDefined();
  const schema = declared?.content?.["application/json"]?.schema;
  expect(schema, `${operationId} ${status} has no JSON schema`).toBeDefined();
  const validate = ajv.compile(rewrite(schema));
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}
