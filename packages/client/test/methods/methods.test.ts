import { describe, expect, it } from "vitest";
import { UserGroupsClient } from "../../src/index.js";
import {
  ACCOUNT,
  BASE,
  GROUP,
  group,
  HttpResponse,
  MEMBER,
  member,
  ok,
  TOKEN,
  useMockServer,
} from "../support/mock-api.js";

const { server, seen, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN });
const userGroups = client.iam.userGroups;

const policy = {
  access: "allow" as const,
  permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
  resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
};
const info = { count: 1, page: 1, per_page: 100, total_count: 1 };
const detail = { ...member(), created_at: "2026-01-15T10:30:00Z", user: { first_name: "Alice" } };

/** Each method: how it is called, what must reach the wire, what the API answers, what the caller gets. */
const cases = [
  {
    name: "userGroups.list",
    call: () =>
      userGroups.list({
        account_id: ACCOUNT,
        fuzzyName: "aud",
        name: "Auditors",
        id: GROUP,
        direction: "desc",
        page: 1,
        per_page: 50,
      }),
    wire: [
      "GET",
      `/accounts/${ACCOUNT}/iam/user_groups`,
      { fuzzyName: "aud", name: "Auditors", id: GROUP, direction: "desc", page: "1", per_page: "50" },
      "",
    ],
    reply: ok([group()], { result_info: info }),
    result: (page: unknown) => expect(page).toMatchObject({ result: [group()], result_info: info }),
  },
  {
    name: "userGroups.get",
    call: () => userGroups.get(GROUP, { account_id: ACCOUNT }),
    wire: ["GET", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`, {}, ""],
    reply: ok(group()),
    result: (value: unknown) => expect(value).toEqual(group()),
  },
  {
    name: "userGroups.create",
    call: () => userGroups.create({ account_id: ACCOUNT, name: "Auditors", policies: [policy] }),
    wire: ["POST", `/accounts/${ACCOUNT}/iam/user_groups`, {}, { name: "Auditors", policies: [policy] }],
    reply: ok(group()),
    result: (value: unknown) => expect(value).toEqual(group()),
  },
  {
    name: "userGroups.update",
    call: () =>
      userGroups.update(GROUP, {
        account_id: ACCOUNT,
        name: "Renamed",
        policies: [{ ...policy, id: MEMBER }],
      }),
    wire: [
      "PUT",
      `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`,
      {},
      { name: "Renamed", policies: [{ ...policy, id: MEMBER }] },
    ],
    reply: ok(group(GROUP, "Renamed")),
    result: (value: unknown) => expect(value).toEqual(group(GROUP, "Renamed")),
  },
  {
    name: "userGroups.delete",
    call: () => userGroups.delete(GROUP, { account_id: ACCOUNT }),
    wire: ["DELETE", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`, {}, ""],
    reply: ok({ id: GROUP }),
    result: (value: unknown) => expect(value).toEqual({ id: GROUP }),
  },
  {
    name: "members.list",
    call: () =>
      userGroups.members.list(GROUP, {
        account_id: ACCOUNT,
        fuzzyEmail: "@example.com",
        direction: "asc",
        per_page: 10,
      }),
    wire: [
      "GET",
      `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}/members`,
      { fuzzyEmail: "@example.com", direction: "asc", per_page: "10" },
      "",
    ],
    reply: ok([member()], { result_info: info }),
    result: (page: unknown) => expect(page).toMatchObject({ result: [member()], result_info: info }),
  },
  {
    name: "members.get",
    call: () => userGroups.members.get(MEMBER, { account_id: ACCOUNT, user_group_id: GROUP }),
    wire: ["GET", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}/members/${MEMBER}`, {}, ""],
    reply: ok(detail),
    result: (value: unknown) => expect(value).toEqual(detail),
  },
  {
    name: "members.create",
    call: () => userGroups.members.create(GROUP, { account_id: ACCOUNT, members: [{ id: MEMBER }] }),
    wire: ["POST", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}/members`, {}, [{ id: MEMBER }]],
    reply: ok([member()]),
    result: (page: unknown) => expect(page).toMatchObject({ result: [member()] }),
  },
  {
    name: "members.update",
    call: () => userGroups.members.update(GROUP, { account_id: ACCOUNT, members: [] }),
    wire: ["PUT", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}/members`, {}, []],
    reply: ok([]),
    result: (page: unknown) => expect(page).toMatchObject({ result: [] }),
  },
  {
    name: "members.delete",
    call: () => userGroups.members.delete(MEMBER, { account_id: ACCOUNT, user_group_id: GROUP }),
    wire: ["DELETE", `/accounts/${ACCOUNT}/iam/user_groups/${GROUP}/members/${MEMBER}`, {}, ""],
    reply: ok(member()),
    result: (value: unknown) => expect(value).toEqual(member()),
  },
] as const;

describe.each(cases)("$name", ({ call, wire, reply, result }) => {
  const [method, path, query, body] = wire;

  it("sends the right method, path, query, headers and body", async () => {
    server.use(answer(() => HttpResponse.json(reply)));
    await call();
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe(method);
    expect(`${request?.url.origin}${request?.url.pathname}`).toBe(`${BASE}${path}`);
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual(query);
    expect(request?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers.get("accept")).toBe("application/json");
    if (body === "") {
      expect(request?.body).toBe("");
      expect(request?.headers.get("content-type")).toBeNull();
    } else {
      expect(JSON.parse(request?.body ?? "")).toEqual(body);
      expect(request?.headers.get("content-type")).toBe("application/json");
    }
  });

  it("resolves to the envelope's result", async () => {
    server.use(answer(() => HttpResponse.json(reply)));
    result(await call());
  });

  it("gives the result with the response through withResponse(), and the raw response through asResponse()", async () => {
    server.use(answer(() => HttpResponse.json(reply, { headers: { "cf-ray": "abc123" } })));
    const { data, response } = await call().withResponse();
    result(data);
    expect(response.status).toBe(200);
    expect(response.headers.get("cf-ray")).toBe("abc123");

    const raw = await call().asResponse();
    expect(raw).toBeInstanceOf(Response);
    expect(raw.bodyUsed).toBe(false);
    expect(await raw.json()).toEqual(reply);
  });
});

describe("credentials", () => {
  it("sends X-Auth-Key and X-Auth-Email for a Global API key, and no Authorization", async () => {
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const keyed = new UserGroupsClient({ apiKey: "global-key", apiEmail: "admin@example.com" });
    await keyed.iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    const headers = seen[0]?.headers;
    expect(headers?.get("x-auth-key")).toBe("global-key");
    expect(headers?.get("x-auth-email")).toBe("admin@example.com");
    expect(headers?.get("authorization")).toBeNull();
  });
});

describe("accountId", () => {
  it("is used when a call leaves out account_id, and a call's own account_id wins", async () => {
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const scoped = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT });
    await scoped.iam.userGroups.get(GROUP);
    await scoped.iam.userGroups.get(GROUP, { account_id: "ffffffffffffffffffffffffffffffff" });
    expect(seen.map((request) => request.url.pathname.split("/")[4])).toEqual([
      ACCOUNT,
      "ffffffffffffffffffffffffffffffff",
    ]);
  });
});

describe("headers", () => {
  it("sends defaultHeaders and per-call headers, the call's winning whatever their case", async () => {
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const custom = new UserGroupsClient({
      apiToken: TOKEN,
      defaultHeaders: { "X-Team": "iam", "X-Trace": "default" },
    });
    await custom.iam.userGroups.get(GROUP, { account_id: ACCOUNT }, { headers: { "x-trace": "call" } });
    expect(seen[0]?.headers.get("x-team")).toBe("iam");
    expect(seen[0]?.headers.get("x-trace")).toBe("call");
  });
});
