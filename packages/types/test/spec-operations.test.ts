import { describe, expect, it } from "vitest";
import { createSchemaCompiler, deref, type Operation, operations, spec } from "./support/spec.js";

const compile = createSchemaCompiler();
const byId = new Map(operations().map((op) => [op.operationId, op]));
const op = (id: string): Operation => {
  const found = byId.get(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};
const schemas = spec.components.schemas as Record<string, Record<string, unknown>>;
const jsonSchema = (media: { content?: Record<string, { schema: unknown }> } | undefined) =>
  media?.content?.["application/json"]?.schema;

const GROUPS = "/accounts/{account_id}/iam/user_groups";
const GROUP = `${GROUPS}/{user_group_id}`;
const MEMBERS = `${GROUP}/members`;
const MEMBER = `${MEMBERS}/{member_id}`;

describe("operations", () => {
  it("has exactly the ten operations, each on its method and path", () => {
    const table = operations().map(({ operationId, method, path }) => [operationId, method, path]);
    expect(table).toEqual(
      expect.arrayContaining([
        ["listUserGroups", "get", GROUPS],
        ["createUserGroup", "post", GROUPS],
        ["getUserGroup", "get", GROUP],
        ["updateUserGroup", "put", GROUP],
        ["deleteUserGroup", "delete", GROUP],
        ["listUserGroupMembers", "get", MEMBERS],
        ["addUserGroupMembers", "post", MEMBERS],
        ["replaceUserGroupMembers", "put", MEMBERS],
        ["getUserGroupMember", "get", MEMBER],
        ["removeUserGroupMember", "delete", MEMBER],
      ]),
    );
    expect(table).toHaveLength(10);
  });

  it.each([...byId.keys()])("%s has a tag, a summary and a description", (id) => {
    const { tags, summary, description } = op(id);
    expect(tags).toHaveLength(1);
    expect(["User Groups", "User Group Members"]).toContain(tags?.[0]);
    expect(summary).toBeTruthy();
    expect(description).toBeTruthy();
  });

  it.each([...byId.keys()])("%s answers 200, or the failure envelope for 429, 4XX and 5XX", (id) => {
    const { responses } = op(id);
    expect(Object.keys(responses).sort()).toEqual(["200", "429", "4XX", "5XX"]);
    for (const status of ["429", "4XX", "5XX"]) {
      expect(jsonSchema(responses[status])).toEqual({ $ref: "#/components/schemas/FailureEnvelope" });
    }
  });

  it.each([...byId.keys()])(
    "%s documents the rate-limit headers: always Ratelimit, Retry-After on 429",
    (id) => {
      const { responses } = op(id);
      const headers = (status: string) =>
        Object.keys(deref(responses[status] as { headers?: Record<string, unknown> }).headers ?? {}).sort();
      expect(headers("200")).toEqual(["Ratelimit", "Ratelimit-Policy"]);
      expect(headers("429")).toEqual(["Ratelimit", "Ratelimit-Policy", "Retry-After"]);
    },
  );

  it.each([...byId.keys()])("%s accepts an API token or an API key with its email", (id) => {
    expect(op(id).security ?? spec.security).toEqual([{ apiToken: [] }, { apiKey: [], apiEmail: [] }]);
  });

  it("describes the credentials as Cloudflare expects them", () => {
    expect(spec.components.securitySchemes).toMatchObject({
      apiToken: { type: "http", scheme: "bearer" },
      apiKey: { type: "apiKey", in: "header", name: "X-Auth-Key" },
      apiEmail: { type: "apiKey", in: "header", name: "X-Auth-Email" },
    });
  });
});

describe("parameters", () => {
  const queryNames = (id: string) =>
    op(id)
      .parameters.filter((p) => p.in === "query")
      .map((p) => p.name)
      .sort();

  it("uses Cloudflare's wire names for the query", () => {
    expect(queryNames("listUserGroups")).toEqual([
      "direction",
      "fuzzyName",
      "id",
      "name",
      "page",
      "per_page",
    ]);
    expect(queryNames("listUserGroupMembers")).toEqual(["direction", "fuzzyEmail", "page", "per_page"]);
    for (const id of byId.keys()) {
      if (!id.startsWith("list")) expect(queryNames(id), id).toEqual([]);
    }
  });

  it.each(["listUserGroups", "listUserGroupMembers"])("%s pages from 1, 1–500 per page, ascending", (id) => {
    const param = (name: string) => op(id).parameters.find((p) => p.name === name);
    const page = compile(param("page")?.schema);
    const perPage = compile(param("per_page")?.schema);
    const direction = compile(param("direction")?.schema);
    expect([page(1), page(7), page(0), page(1.5)]).toEqual([true, true, false, false]);
    expect([perPage(1), perPage(500), perPage(0), perPage(501)]).toEqual([true, true, false, false]);
    expect([direction("asc"), direction("desc"), direction("ASC")]).toEqual([true, true, false]);
    expect(deref(param("page")?.schema as object)).toMatchObject({ default: 1 });
    expect(deref(param("per_page")?.schema as object)).toMatchObject({ default: 100 });
    expect(deref(param("direction")?.schema as object)).toMatchObject({ default: "asc" });
  });

  it.each([...byId.keys()])("%s takes every path id as a required 32-character string", (id) => {
    const { path, parameters } = op(id);
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    const pathParams = parameters.filter((p) => p.in === "path");
    expect(pathParams.map((p) => p.name)).toEqual(names);
    for (const param of pathParams) {
      expect(param.required).toBe(true);
      const validate = compile(param.schema);
      expect(validate("023e105f4ecef8ad9ca31a8372d0c353")).toBe(true);
      expect(validate("023e105f4ecef8ad9ca31a8372d0c35")).toBe(false);
      expect(validate("023e105f4ecef8ad9ca31a8372d0c3533")).toBe(false);
    }
  });
});

describe("request bodies", () => {
  const body = (id: string) => {
    const requestBody = op(id).requestBody;
    expect(requestBody?.required).toBe(true);
    return compile(jsonSchema(requestBody));
  };
  const policy = {
    access: "allow",
    permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
    resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
  };
  const id = "f267e341f3dd4697bd3b9f71dd96247f";

  it("create requires a name and complete policies", () => {
    const create = body("createUserGroup");
    expect(create({ name: "Auditors" })).toBe(true);
    expect(create({ name: "Auditors", policies: [policy] })).toBe(true);
    expect(create({})).toBe(false);
    expect(create({ name: "" })).toBe(false);
    for (const field of Object.keys(policy)) {
      const { [field]: _, ...incomplete } = policy as Record<string, unknown>;
      expect(create({ name: "Auditors", policies: [incomplete] }), `policy without ${field}`).toBe(false);
    }
    expect(create({ name: "Auditors", policies: [{ ...policy, access: "maybe" }] })).toBe(false);
    expect(create({ name: "Auditors", policies: [{ ...policy, permission_groups: [{}] }] })).toBe(false);
  });

  it("update requires nothing at the top level, but an id on every policy", () => {
    const update = body("updateUserGroup");
    expect(update({})).toBe(true);
    expect(update({ name: "Renamed" })).toBe(true);
    expect(update({ policies: [{ ...policy, id }] })).toBe(true);
    expect(update({ policies: [policy] })).toBe(false);
    expect(update({ policies: [{ id }] })).toBe(false);
  });

  it.each(["addUserGroupMembers", "replaceUserGroupMembers"])("%s takes a bare array of {id}", (opId) => {
    const members = body(opId);
    expect(members([{ id }])).toBe(true);
    expect(members([])).toBe(true);
    expect(members({ id })).toBe(false);
    expect(members({ members: [{ id }] })).toBe(false);
    expect(members([{}])).toBe(false);
    expect(members([{ id: "short" }])).toBe(false);
  });

  it.each([
    "listUserGroups",
    "getUserGroup",
    "deleteUserGroup",
    "listUserGroupMembers",
    "getUserGroupMember",
  ])("%s takes no body", (opId) => expect(op(opId).requestBody).toBeUndefined());
});

describe("responses", () => {
  const ok = (id: string) => compile(jsonSchema(op(id).responses["200"]));
  const envelope = (result: unknown, extra: object = {}) => ({
    success: true,
    errors: [],
    messages: [],
    result,
    ...extra,
  });
  const group = {
    id: "023e105f4ecef8ad9ca31a8372d0c353",
    name: "Auditors",
    created_on: "2024-03-01T12:21:02Z",
    modified_on: "2024-03-01T12:21:02Z",
  };
  const member = { id: "4f5f0c14a2a41d5063dd301b2f829f04", email: "user@example.com", status: "accepted" };
  const info = { count: 1, page: 1, per_page: 100, total_count: 1 };

  it("lists carry result_info with all four counters, and optionally total_pages", () => {
    expect(ok("listUserGroups")(envelope([group], { result_info: { ...info, total_pages: 1 } }))).toBe(true);
    expect(ok("listUserGroups")(envelope([group], { result_info: { ...info, total_pages: -1 } }))).toBe(
      false,
    );
    expect(ok("listUserGroups")(envelope([group], { result_info: info }))).toBe(true);
    expect(ok("listUserGroupMembers")(envelope([member], { result_info: info }))).toBe(true);
    expect(ok("listUserGroups")(envelope([group]))).toBe(false);
    expect(ok("listUserGroups")(envelope([group], { result_info: { page: 1 } }))).toBe(false);
  });

  it("group delete returns {id}; member delete returns the member; member writes return arrays", () => {
    expect(ok("deleteUserGroup")(envelope({ id: group.id }))).toBe(true);
    expect(ok("deleteUserGroup")(envelope(null))).toBe(false);
    expect(ok("removeUserGroupMember")(envelope(member))).toBe(true);
    expect(ok("addUserGroupMembers")(envelope([member]))).toBe(true);
    expect(ok("addUserGroupMembers")(envelope(member))).toBe(false);
    expect(ok("replaceUserGroupMembers")(envelope([]))).toBe(true);
  });

  it("a success is success: true with errors and messages", () => {
    expect(ok("getUserGroup")(envelope(group))).toBe(true);
    expect(ok("getUserGroup")({ ...envelope(group), success: false })).toBe(false);
    expect(ok("getUserGroup")({ success: true, result: group })).toBe(false);
  });

  it("a failure has success: false, at least one error with a whole positive code, and result: null", () => {
    const failure = compile({ $ref: "#/components/schemas/FailureEnvelope" });
    const entry = { code: 7003, message: "No route for the URI" };
    expect(failure({ success: false, errors: [entry], messages: [], result: null })).toBe(true);
    expect(
      failure({
        success: false,
        errors: [
          { ...entry, documentation_url: "https://developers.cloudflare.com", source: { pointer: "/name" } },
        ],
        messages: [],
        result: null,
      }),
    ).toBe(true);
    expect(failure({ success: false, errors: [], messages: [], result: null })).toBe(false);
    // Rate limiting answers code 971, below the 1000 Cloudflare's published schema demands.
    expect(
      failure({ success: false, errors: [{ code: 971, message: "slow down" }], messages: [], result: null }),
    ).toBe(true);
    expect(failure({ success: false, errors: [{ code: 0, message: "x" }], messages: [], result: null })).toBe(
      false,
    );
    expect(
      failure({ success: false, errors: [{ code: 1.5, message: "x" }], messages: [], result: null }),
    ).toBe(false);
    expect(failure({ success: false, errors: [{ code: 7003 }], messages: [], result: null })).toBe(false);
    expect(failure({ success: false, errors: [entry], messages: [], result: {} })).toBe(false);
    expect(failure({ success: true, errors: [entry], messages: [], result: null })).toBe(false);
  });

  it("a resource group's scope may be one scope or a list of them", () => {
    const scope = { key: "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4", objects: [] };
    const withScope = (value: unknown) => ({
      ...group,
      policies: [{ resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1", scope: value }] }],
    });
    expect(ok("getUserGroup")(envelope(withScope(scope)))).toBe(true);
    expect(ok("getUserGroup")(envelope(withScope([scope])))).toBe(true);
    expect(ok("getUserGroup")(envelope(withScope("account")))).toBe(false);
  });
});

describe("the published schema's defects are not copied", () => {
  /** Every schema node in components.schemas, with its JSON pointer. */
  function* schemaNodes(node: unknown, at: string): Generator<[string, Record<string, unknown>]> {
    if (!node || typeof node !== "object" || Array.isArray(node)) return;
    const schema = node as Record<string, unknown>;
    yield [at, schema];
    for (const key of ["items", "not"]) yield* schemaNodes(schema[key], `${at}/${key}`);
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      const list = (schema[key] as unknown[]) ?? [];
      for (const [index, child] of list.entries()) yield* schemaNodes(child, `${at}/${key}/${index}`);
    }
    for (const [name, child] of Object.entries((schema.properties as object) ?? {})) {
      yield* schemaNodes(child, `${at}/properties/${name}`);
    }
  }
  const nodes = Object.entries(schemas).flatMap(([name, schema]) => [
    ...schemaNodes(schema, `#/components/schemas/${name}`),
  ]);

  it("walks every schema", () => {
    expect(nodes.length).toBeGreaterThan(100);
  });

  it("puts string keywords only on strings and array keywords only on arrays", () => {
    const withStringKeywords = nodes.filter(([, node]) => "minLength" in node || "maxLength" in node);
    const withArrayKeywords = nodes.filter(([, node]) => "minItems" in node || "uniqueItems" in node);
    // Found at the top level and inside properties, or the checks below would check nothing.
    expect(withStringKeywords.map(([at]) => at)).toEqual(
      expect.arrayContaining([
        "#/components/schemas/Identifier",
        "#/components/schemas/CreateUserGroupBody/properties/name",
      ]),
    );
    expect(withArrayKeywords.map(([at]) => at)).toEqual(
      expect.arrayContaining([
        "#/components/schemas/ResponseMessages",
        "#/components/schemas/FailureEnvelope/properties/errors",
      ]),
    );
    for (const [at, node] of withStringKeywords) expect(node.type, at).toBe("string");
    for (const [at, node] of withArrayKeywords) expect(node.type, at).toBe("array");
  });

  it("gives every schema that is not a reference or a composition a type", () => {
    for (const [at, node] of nodes) {
      if ("$ref" in node || "allOf" in node || "oneOf" in node) continue;
      expect(node.type, at).toBeDefined();
    }
  });

  it("marks nothing readOnly that a request writes", () => {
    const written = new Set<string>();
    const visit = (schema: unknown) => {
      for (const [at, node] of schemaNodes(schema, "")) {
        if (typeof node.$ref === "string" && !written.has(node.$ref)) {
          written.add(node.$ref);
          visit(deref(node));
        }
        expect(node.readOnly, at).toBeUndefined();
      }
    };
    for (const operation of byId.values()) visit(jsonSchema(operation.requestBody));
    expect([...written]).toContain("#/components/schemas/PolicyInput");
  });
});
