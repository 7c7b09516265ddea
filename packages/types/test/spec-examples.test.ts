import { describe, expect, it } from "vitest";
import { createSchemaCompiler, deref, operations, spec } from "./support/spec.js";

interface ExampleCase {
  /** Where the example sits in the bundled spec, as a JSON pointer. */
  at: string;
  schema: unknown;
  value: unknown;
}

/**
 * Every example in the document: named examples of media types and parameters
 * (following `$ref`s into components/examples), singular `example`s, and the
 * `examples` arrays of schemas. Walks the raw document, so each is seen once.
 */
function collectExamples(node: unknown, at = ""): ExampleCase[] {
  if (!node || typeof node !== "object") return [];
  const found: ExampleCase[] = [];
  const object = node as Record<string, unknown>;
  if (Array.isArray(object.examples)) {
    object.examples.forEach((value, index) => {
      found.push({ at: `${at}/examples/${index}`, schema: object, value });
    });
  } else if ("schema" in object && object.examples && typeof object.examples === "object") {
    for (const [name, example] of Object.entries(object.examples)) {
      found.push({
        at: `${at}/examples/${name}`,
        schema: object.schema,
        value: deref<{ value: unknown }>(example).value,
      });
    }
  }
  if ("schema" in object && "example" in object) {
    found.push({ at: `${at}/example`, schema: object.schema, value: object.example });
  }
  for (const [key, child] of Object.entries(object)) {
    if (key === "examples" || key === "example") continue;
    found.push(...collectExamples(child, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`));
  }
  return found;
}

const compile = createSchemaCompiler();
const examples = collectExamples({ paths: spec.paths, components: spec.components });

describe("examples in the spec", () => {
  it("finds the examples of the API description, the requests and the schemas", () => {
    const named = examples.filter((example) => example.at.includes("/content/"));
    // 10 success responses, 4 request bodies and 2 failure responses.
    expect(named).toHaveLength(17);
    expect(examples.length).toBeGreaterThan(named.length);
  });

  it.each(examples.map((example) => [example.at, example] as const))("%s validates", (_, example) => {
    const validate = compile(example.schema);
    const valid = validate(example.value);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("attaches the API description's response example to each of its nine operations", () => {
    const withApiDescriptionExample = operations()
      .filter((op) => op.responses["200"]?.content?.["application/json"]?.examples?.apiDescription)
      .map((op) => op.operationId);
    expect(withApiDescriptionExample.sort()).toEqual(
      [
        "addUserGroupMembers",
        "createUserGroup",
        "deleteUserGroup",
        "getUserGroup",
        "listUserGroupMembers",
        "listUserGroups",
        "removeUserGroupMember",
        "replaceUserGroupMembers",
        "updateUserGroup",
      ].sort(),
    );
  });
});

describe("the example validator", () => {
  const getUserGroup = operations().find((op) => op.operationId === "getUserGroup");
  const media = getUserGroup?.responses["200"]?.content?.["application/json"];
  type GroupExample = { result: { id?: string; created_on?: string; policies: { access: string }[] } };
  const example = structuredClone(
    deref<{ value: GroupExample }>(media?.examples?.apiDescription as { $ref: string }).value,
  );

  it("accepts the untouched example", () => {
    expect(compile(media?.schema)(example)).toBe(true);
  });

  it.each<[string, (value: GroupExample) => void, string, string]>([
    ["a missing required field", (value) => void delete value.result.id, "/result", "required"],
    [
      "a 31-character id",
      (value) => {
        value.result.id = "023e105f4ecef8ad9ca31a8372d0c35";
      },
      "/result/id",
      "minLength",
    ],
    [
      "an unknown access value",
      (value) => {
        for (const policy of value.result.policies) policy.access = "maybe";
      },
      "/result/policies/0/access",
      "enum",
    ],
    [
      "a date that is not a date-time",
      (value) => {
        value.result.created_on = "yesterday";
      },
      "/result/created_on",
      "format",
    ],
  ])("rejects %s", (_, mutate, instancePath, keyword) => {
    const broken = structuredClone(example);
    mutate(broken);
    const validate = compile(media?.schema);
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath, keyword }));
  });
});
