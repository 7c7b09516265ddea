import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/index.js";
import { ACCOUNT, ALICE, STRANGER, TOKEN, useMockedApi } from "../support/api.js";

const GROUP = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const { mock } = useMockedApi({ groups: [{ id: GROUP, name: "Auditors", members: [ALICE] }] });
const BASE = "https://api.cloudflare.com/client/v4";
const groups = `${BASE}/accounts/${ACCOUNT}/iam/user_groups`;
const policy = { access: "allow", permission_groups: [{ id: GROUP }], resource_groups: [{ id: GROUP }] };

type Case = [name: string, method: string, url: string, body: string | undefined, code: number];

const cases: Case[] = [
  // Identifiers that do not route
  [
    "a 31-character account id",
    "GET",
    `${BASE}/accounts/${ACCOUNT.slice(1)}/iam/user_groups`,
    undefined,
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  [
    "a 33-character account id",
    "POST",
    `${BASE}/accounts/${ACCOUNT}0/iam/user_groups`,
    '{"name":"x"}',
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  ["a short group id on get", "GET", `${groups}/abc`, undefined, ErrorCodes.INVALID_IDENTIFIER],
  ["a short group id on update", "PUT", `${groups}/abc`, '{"name":"x"}', ErrorCodes.INVALID_IDENTIFIER],
  ["a short group id on delete", "DELETE", `${groups}/abc`, undefined, ErrorCodes.INVALID_IDENTIFIER],
  [
    "a short group id on add members",
    "POST",
    `${groups}/abc/members`,
    `[{"id":"${ALICE}"}]`,
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  [
    "a short member id on remove",
    "DELETE",
    `${groups}/${GROUP}/members/abc`,
    undefined,
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  [
    "a long member id on get",
    "GET",
    `${groups}/${GROUP}/members/${ALICE}ff`,
    undefined,
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  ["a broken percent-encoding", "GET", `${groups}/%E0%A4%A`, undefined, ErrorCodes.INVALID_IDENTIFIER],
  // Found by the model-based fuzzer: the raw text is 32 characters, but it decodes to nothing.
  [
    "a broken percent-encoding 32 characters long",
    "DELETE",
    `${groups}/%ZZ${"0".repeat(29)}`,
    undefined,
    ErrorCodes.INVALID_IDENTIFIER,
  ],
  // Query parameters
  ["page 0", "GET", `${groups}?page=0`, undefined, ErrorCodes.INVALID_QUERY],
  ["a negative page", "GET", `${groups}?page=-1`, undefined, ErrorCodes.INVALID_QUERY],
  ["a fractional page", "GET", `${groups}?page=1.5`, undefined, ErrorCodes.INVALID_QUERY],
  ["a page that is not a number", "GET", `${groups}?page=two`, undefined, ErrorCodes.INVALID_QUERY],
  ["per_page 0", "GET", `${groups}?per_page=0`, undefined, ErrorCodes.INVALID_QUERY],
  ["per_page 501", "GET", `${groups}?per_page=501`, undefined, ErrorCodes.INVALID_QUERY],
  ["a bad direction", "GET", `${groups}?direction=sideways`, undefined, ErrorCodes.INVALID_QUERY],
  [
    "an upper-case direction",
    "GET",
    `${groups}/${GROUP}/members?direction=DESC`,
    undefined,
    ErrorCodes.INVALID_QUERY,
  ],
  ["a short id filter", "GET", `${groups}?id=abc`, undefined, ErrorCodes.INVALID_QUERY],
  [
    "per_page 501 on members",
    "GET",
    `${groups}/${GROUP}/members?per_page=501`,
    undefined,
    ErrorCodes.INVALID_QUERY,
  ],
  // Bodies
  ["malformed JSON", "POST", groups, '{"name": "x",', ErrorCodes.MALFORMED_JSON],
  ["no body on create", "POST", groups, undefined, ErrorCodes.MALFORMED_JSON],
  ["no body on update", "PUT", `${groups}/${GROUP}`, undefined, ErrorCodes.MALFORMED_JSON],
  ["no body on add members", "POST", `${groups}/${GROUP}/members`, undefined, ErrorCodes.MALFORMED_JSON],
  ["a missing name", "POST", groups, "{}", ErrorCodes.INVALID_BODY],
  ["an empty name", "POST", groups, '{"name":""}', ErrorCodes.INVALID_BODY],
  ["a number for a name", "POST", groups, '{"name":42}', ErrorCodes.INVALID_BODY],
  ["a body that is an array", "POST", groups, "[]", ErrorCodes.INVALID_BODY],
  ["a body that is null", "POST", groups, "null", ErrorCodes.INVALID_BODY],
  ["policies that are an object", "POST", groups, '{"name":"x","policies":{}}', ErrorCodes.INVALID_BODY],
  [
    "a policy without access",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, access: undefined }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a policy without permission_groups",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, permission_groups: undefined }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a policy without resource_groups",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, resource_groups: undefined }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "an unknown access value",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, access: "maybe" }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a permission group without id",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, permission_groups: [{}] }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a short resource group id",
    "POST",
    groups,
    JSON.stringify({ name: "x", policies: [{ ...policy, resource_groups: [{ id: "r" }] }] }),
    ErrorCodes.INVALID_BODY,
  ],
  [
    "an update policy without id",
    "PUT",
    `${groups}/${GROUP}`,
    JSON.stringify({ policies: [policy] }),
    ErrorCodes.INVALID_BODY,
  ],
  ["an update with an empty name", "PUT", `${groups}/${GROUP}`, '{"name":""}', ErrorCodes.INVALID_BODY],
  [
    "members as an object",
    "POST",
    `${groups}/${GROUP}/members`,
    `{"members":[{"id":"${ALICE}"}]}`,
    ErrorCodes.INVALID_BODY,
  ],
  ["members as bare ids", "PUT", `${groups}/${GROUP}/members`, `["${ALICE}"]`, ErrorCodes.INVALID_BODY],
  ["a member without id", "POST", `${groups}/${GROUP}/members`, "[{}]", ErrorCodes.INVALID_BODY],
  [
    "a member id that is a number",
    "PUT",
    `${groups}/${GROUP}/members`,
    '[{"id":3}]',
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a short member id in the body",
    "POST",
    `${groups}/${GROUP}/members`,
    '[{"id":"abc"}]',
    ErrorCodes.INVALID_BODY,
  ],
  [
    "a member not in the account",
    "PUT",
    `${groups}/${GROUP}/members`,
    `[{"id":"${STRANGER}"}]`,
    ErrorCodes.NOT_AN_ACCOUNT_MEMBER,
  ],
];

describe("malformed requests get a Cloudflare-style 4xx and change nothing", () => {
  it.each(cases)("%s", async (_, method, url, body, code) => {
    const before = mock.store.snapshot();
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    const envelope = await response.json();
    expect(envelope).toMatchObject({ success: false, messages: [], result: null });
    expect(envelope.errors).toHaveLength(1);
    expect(envelope.errors[0].code).toBe(code);
    expect(typeof envelope.errors[0].message).toBe("string");
    expect(mock.store.snapshot()).toEqual(before);
  });

  it("say where in the body the problem is", async () => {
    const response = await fetch(groups, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ name: "x", policies: [policy, { ...policy, access: "maybe" }] }),
    });
    const [error] = (await response.json()).errors;
    expect(error).toMatchObject({ code: ErrorCodes.INVALID_BODY, source: { pointer: "/policies/1/access" } });
    expect(error.message).toContain("/policies/1/access");
  });

  it.each<[string, string, string, string | undefined, number, string]>([
    [
      "an id that does not route",
      "GET",
      `${groups}/abc`,
      undefined,
      ErrorCodes.INVALID_IDENTIFIER,
      `Could not route to /client/v4/accounts/${ACCOUNT}/iam/user_groups/abc, perhaps your object identifier is invalid?`,
    ],
    [
      "page 0",
      "GET",
      `${groups}?page=0`,
      undefined,
      ErrorCodes.INVALID_QUERY,
      "Invalid query parameter page: must be >= 1.",
    ],
    [
      "a page with a space before it",
      "GET",
      `${groups}?page=%202`,
      undefined,
      ErrorCodes.INVALID_QUERY,
      "Invalid query parameter page: must be integer.",
    ],
    [
      "a page with a space after it",
      "GET",
      `${groups}?page=2%20`,
      undefined,
      ErrorCodes.INVALID_QUERY,
      "Invalid query parameter page: must be integer.",
    ],
    ["no body", "POST", groups, undefined, ErrorCodes.MALFORMED_JSON, "A JSON request body is required."],
    ["a blank body", "POST", groups, " \n ", ErrorCodes.MALFORMED_JSON, "A JSON request body is required."],
    [
      "a body cut short",
      "POST",
      groups,
      '{"name":',
      ErrorCodes.MALFORMED_JSON,
      "The request body is not valid JSON.",
    ],
    [
      "a body that is not an object",
      "POST",
      groups,
      "[]",
      ErrorCodes.INVALID_BODY,
      "Invalid request body: the body must be object.",
    ],
  ])("%s: says exactly what is wrong", async (_, method, url, body, code, message) => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${TOKEN}` },
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(400);
    const [error] = (await response.json()).errors;
    expect(error).toMatchObject({ code, message });
  });

  it("a query parameter that is a string stays one, even when it looks like a number", async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    await fetch(groups, { method: "POST", headers, body: '{"name":"Team 123"}' });
    const response = await fetch(`${groups}?fuzzyName=123`, { headers });
    expect(response.status).toBe(200);
    expect((await response.json()).result).toMatchObject([{ name: "Team 123" }]);
  });

  it("a page far past the end is not an error, just empty", async () => {
    const response = await fetch(`${groups}?page=1000000000&per_page=500`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).result).toEqual([]);
  });

  it("unknown query parameters are ignored, as the live API ignores them", async () => {
    const response = await fetch(`${groups}?fuzzy_name=zzz`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).result).toHaveLength(1);
  });

  it("are logged with their status", async () => {
    await fetch(`${groups}?page=0`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(mock.requests).toMatchObject([
      { operationId: "listUserGroups", query: { page: "0" }, status: 400, source: "fake" },
    ]);
  });
});
