// The control plane over HTTP, through connectMockServer and through plain
// requests: every endpoint, its answers checked against admin-openapi.json,
// and bad input refused with the field named and nothing changed.

import { UserGroupsClient } from "@cf-user-groups/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectMockServer, MockServerError, ResponseValidationError } from "../../src/index.js";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import { ALICE } from "../support/api.js";
import { expectAdminResponse } from "./support.js";

const START = Date.parse("2026-06-01T00:00:00.000Z");
let server: MockServer;
let remote: ReturnType<typeof connectMockServer>;
let api: UserGroupsClient<{ accountId: string }>;

beforeAll(async () => {
  server = await startMockServer({
    groups: [{ name: "Seeded", members: [ALICE] }],
    now: () => new Date(START),
  });
  remote = connectMockServer(server.url);
  api = new UserGroupsClient({
    apiToken: "t",
    accountId: server.mock.accountId,
    baseURL: server.baseURL,
    maxRetries: 0,
  });
});
afterEach(() => remote.reset());
afterAll(() => server.close());

/** Records a violation in the server's fake, as a bad override in its process would. */
const violate = (violation: ResponseValidationError) =>
  (server.mock.violations as ResponseValidationError[]).push(violation);

/** A raw control-plane request, and its JSON reply. */
async function admin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/__admin${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe("the control plane under /__admin/", () => {
  it("GET /health", async () => {
    const { status, body } = await admin("GET", "/health");
    expect(status).toBe(200);
    expectAdminResponse("getHealth", status, body);
    await expect(remote.ready()).resolves.toBeUndefined();
  });

  it("POST /reset goes back to the seed: data, ids, faults, delays, log, clock and isolated accounts", async () => {
    await api.iam.userGroups.create({ name: "Temporary" });
    await remote.fail("listUserGroups", { times: 3 });
    await remote.delay("getUserGroup", 10_000);
    await remote.clock.advance(60_000);
    const isolated = await remote.isolatedAccount();
    const { status, body } = await admin("POST", "/reset");
    expect(status).toBe(200);
    expectAdminResponse("resetMock", status, body);
    expect(body).toEqual({ status: "ok", violations: [] });
    expect((await api.iam.userGroups.list()).result.map((group) => group.name)).toEqual(["Seeded"]);
    expect(server.mock.store.find(isolated)).toBeUndefined();
    expect((await remote.clock.now()).getTime()).toBe(START);
    expect(await remote.requests()).toHaveLength(1);
  });

  it("POST /reset reports the spec violations since the last reset, and connectMockServer's reset() throws them", async () => {
    // A response the spec does not allow, as an override in the server's process would send it.
    violate(new ResponseValidationError("getUserGroup", 200, "/result/id", "must be string", { id: 1 }));
    const { body } = await admin("POST", "/reset");
    expectAdminResponse("resetMock", 200, body);
    expect(body.violations).toEqual([
      expect.objectContaining({
        operationId: "getUserGroup",
        status: 200,
        pointer: "/result/id",
        problem: "must be string",
      }),
    ]);
    violate(new ResponseValidationError("listUserGroups", 200, "", "must be object", "x"));
    await expect(remote.reset()).rejects.toThrow(
      new ResponseValidationError("listUserGroups", 200, "", "must be object").message,
    );
    await expect(remote.reset()).resolves.toBeUndefined();
  });

  it("GET /requests lists the log, filtered by operationId, status and accountId; DELETE empties it", async () => {
    const group = await api.iam.userGroups.create({ name: "Logged" });
    await api.iam.userGroups.get(group.id);
    await expect(api.iam.userGroups.get("f".repeat(32))).rejects.toMatchObject({ status: 404 });
    const all = await admin("GET", "/requests");
    expectAdminResponse("listRequests", 200, all.body);
    expect(all.body.requests.map((entry: { operationId: string }) => entry.operationId)).toEqual([
      "createUserGroup",
      "getUserGroup",
      "getUserGroup",
    ]);
    expect(
      (await remote.requests({ operationId: "getUserGroup", status: 404 })).map((entry) => entry.status),
    ).toEqual([404]);
    expect(await remote.requests({ accountId: "0".repeat(32) })).toEqual([]);
    expect(await remote.requests({ accountId: server.mock.accountId })).toHaveLength(3);
    expect(all.body.requests[0]).toMatchObject({
      headers: { authorization: "[redacted]" },
      at: "2026-06-01T00:00:00.000Z",
    });
    const cleared = await admin("DELETE", "/requests");
    expectAdminResponse("clearRequests", 200, cleared.body);
    expect(await remote.requests()).toEqual([]);
    expect(server.mock.store.getUserGroup(group.id)).toBeDefined();
  });

  it("GET /state and PUT /state round-trip a snapshot; PUT /state also loads seed data", async () => {
    const group = await api.iam.userGroups.create({ name: "Saved" });
    const saved = await admin("GET", "/state");
    expectAdminResponse("getState", 200, saved.body);
    await api.iam.userGroups.delete(group.id);
    const restored = await admin("PUT", "/state", saved.body);
    expectAdminResponse("putState", 200, restored.body);
    expect((await api.iam.userGroups.get(group.id)).name).toBe("Saved");
    expect(await remote.snapshot()).toEqual(saved.body);

    await remote.restore({ groups: [{ name: "Loaded from data" }] });
    expect((await api.iam.userGroups.list()).result.map((entry) => entry.name)).toEqual(["Loaded from data"]);
  });

  it("POST /faults injects fail, network and delay faults; DELETE removes them", async () => {
    const fail = await admin("POST", "/faults", {
      operationId: "listUserGroups",
      kind: "fail",
      status: 429,
      retryAfter: 7,
      errors: [{ code: 10429, message: "slow down" }],
    });
    expectAdminResponse("addFault", 200, fail.body);
    const limited = await fetch(`${server.baseURL}/accounts/${server.mock.accountId}/iam/user_groups`, {
      headers: { authorization: "Bearer t" },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await limited.json()).errors).toEqual([{ code: 10429, message: "slow down" }]);

    await remote.networkError("*", { times: 1 });
    await expect(api.iam.userGroups.list()).rejects.toMatchObject({ name: "APIConnectionError" });
    await remote.fail("*", { times: 5 });
    await remote.delay("getUserGroup", 60_000);
    const cleared = await admin("DELETE", "/faults");
    expectAdminResponse("clearFaults", 200, cleared.body);
    expect((await api.iam.userGroups.list()).result).toHaveLength(1);
  });

  it("GET /clock and POST /clock move the fake's time, which stamps what it creates", async () => {
    const clock = await admin("GET", "/clock");
    expectAdminResponse("getClock", 200, clock.body);
    expect(clock.body).toEqual({ now: "2026-06-01T00:00:00.000Z", offsetMs: 0, frozen: false });
    const advanced = await admin("POST", "/clock", { advanceMs: 5 * 60_000 });
    expectAdminResponse("setClock", 200, advanced.body);
    expect(advanced.body.now).toBe("2026-06-01T00:05:00.000Z");
    expect((await api.iam.userGroups.create({ name: "Later" })).created_on).toBe("2026-06-01T00:05:00.000Z");
    expect((await remote.clock.set("2030-01-01T00:00:00Z", { frozen: true })).toISOString()).toBe(
      "2030-01-01T00:00:00.000Z",
    );
    expect((await admin("GET", "/clock")).body).toMatchObject({
      now: "2030-01-01T00:00:00.000Z",
      frozen: true,
    });
  });

  it("GET, PUT and DELETE /rate-limit turn Cloudflare's rate limit on and off", async () => {
    const off = await admin("GET", "/rate-limit");
    expectAdminResponse("getRateLimit", 200, off.body);
    expect(off.body).toEqual({ enabled: false });
    const on = await admin("PUT", "/rate-limit", { requests: 1, windowSeconds: 60 });
    expectAdminResponse("setRateLimit", 200, on.body);
    expect(on.body).toEqual({ enabled: true, requests: 1, windowSeconds: 60, blockSeconds: 300 });
    await api.iam.userGroups.list();
    await expect(api.iam.userGroups.list()).rejects.toMatchObject({ status: 429 });
    expect((await admin("PUT", "/rate-limit", { requests: 0 })).status).toBe(400);
    const cleared = await admin("DELETE", "/rate-limit");
    expectAdminResponse("clearRateLimit", 200, cleared.body);
    expect((await api.iam.userGroups.list()).result).toHaveLength(1);
    await remote.setRateLimit(true);
    expect(await remote.rateLimit()).toEqual({
      enabled: true,
      requests: 1200,
      windowSeconds: 300,
      blockSeconds: 300,
    });
    await remote.setRateLimit(false);
    expect(await remote.rateLimit()).toEqual({ enabled: false });
  });

  it("POST /faults injects the live API's odd 429s", async () => {
    const { status } = await admin("POST", "/faults", {
      operationId: "listUserGroups",
      kind: "rate-limit-quirk",
      quirk: "retry-after-in-body",
      retryAfter: 9,
    });
    expect(status).toBe(200);
    const response = await fetch(`${server.baseURL}/accounts/${server.mock.accountId}/iam/user_groups`, {
      headers: { authorization: "Bearer t" },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("0");
    expect((await response.json()).retry_after).toBe(9);
    await remote.rateLimitQuirk("*", { quirk: "null-body" });
    const nothing = await fetch(`${server.baseURL}/accounts/${server.mock.accountId}/iam/user_groups`, {
      headers: { authorization: "Bearer t" },
    });
    expect(await nothing.text()).toBe("null");
    expect(
      (await admin("POST", "/faults", { operationId: "*", kind: "rate-limit-quirk", quirk: "teapot" }))
        .status,
    ).toBe(400);
  });

  it("POST /accounts hands out a fresh account seeded like the fake's own", async () => {
    const created = await admin("POST", "/accounts");
    expectAdminResponse("createIsolatedAccount", 200, created.body);
    const isolated = new UserGroupsClient({
      apiToken: "t",
      accountId: created.body.accountId,
      baseURL: server.baseURL,
    });
    expect((await isolated.iam.userGroups.list()).result.map((group) => group.name)).toEqual(["Seeded"]);
    expect(created.body.accountId).not.toBe(await remote.isolatedAccount());
  });

  it("DELETE /clock puts the clock back on the system clock", async () => {
    await remote.clock.set("2031-01-01T00:00:00Z", { frozen: true });
    const back = await admin("DELETE", "/clock");
    expectAdminResponse("resetClock", 200, back.body);
    expect(back.body).toEqual({ now: "2026-06-01T00:00:00.000Z", offsetMs: 0, frozen: false });
    await remote.clock.advance(1_000);
    expect((await remote.clock.reset()).getTime()).toBe(START);
  });

  it("DELETE /requests?accountId= and DELETE /accounts/{id} clean up one test's account, and nothing else", async () => {
    const [mine, theirs] = [await remote.isolatedAccount(), await remote.isolatedAccount()];
    const on = (accountId: string) =>
      new UserGroupsClient({ apiToken: "t", accountId, baseURL: server.baseURL, maxRetries: 0 }).iam
        .userGroups;
    await on(mine).create({ name: "Mine" });
    await on(theirs).create({ name: "Theirs" });
    await remote.fail("*", { accountId: mine, times: 5 });
    const cleared = await admin("DELETE", `/requests?accountId=${mine}`);
    expectAdminResponse("clearRequests", 200, cleared.body);
    expect((await remote.requests()).map((entry) => entry.params.account_id)).toEqual([theirs]);
    const released = await admin("DELETE", `/accounts/${mine}`);
    expectAdminResponse("releaseAccount", 200, released.body);
    expect(server.mock.store.find(mine)).toBeUndefined();
    expect(server.mock.store.listUserGroups(theirs).map((group) => group.name)).toContain("Theirs");
    // Its faults went with it: a new account by the same id would not inherit them.
    expect((await on(mine).list()).result).toEqual([]);
    expect((await admin("DELETE", `/accounts/${server.mock.accountId}`)).status).toBe(400);
    expect((await admin("DELETE", "/accounts/short")).status).toBe(400);
    await remote.releaseAccount(theirs);
    expect(server.mock.store.find(theirs)).toBeUndefined();
  });

  it("POST /state/save is a 409 without a state file", async () => {
    const { status, body } = await admin("POST", "/state/save");
    expect(status).toBe(409);
    expect(body.errors[0].message).toMatch(/--state/);
    await expect(remote.saveState()).rejects.toBeInstanceOf(MockServerError);
  });

  it("GET /__admin/ serves the inspector page", async () => {
    const response = await fetch(`${server.url}/__admin/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<!doctype html>/i);
  });
});

describe("bad input to the control plane gets a 4xx naming the field, and changes nothing", () => {
  it.each([
    [
      "an unknown fault kind",
      { operationId: "*", kind: "explode" },
      "body.kind must be equal to one of the allowed values",
    ],
    ["a fail status of 200", { operationId: "*", kind: "fail", status: 200 }, "body.status must be >= 400"],
    [
      "a NaN-like retryAfter",
      { operationId: "*", kind: "fail", retryAfter: "soon" },
      "body.retryAfter must be integer",
    ],
    [
      "a delay past a timer's limit",
      { operationId: "*", kind: "delay", ms: 2 ** 31 },
      "body.ms must be <= 2147483647",
    ],
    ["an unknown operation", { operationId: "listGroups", kind: "network" }, "body.operationId"],
    ["an extra field", { operationId: "*", kind: "network", time: 2 }, 'unknown property "time"'],
  ])("POST /faults with %s", async (_, body, message) => {
    const before = await admin("GET", "/state");
    const { status, body: reply } = await admin("POST", "/faults", body);
    expect(status).toBe(400);
    expect(reply.errors[0].message).toContain(message);
    expect((await api.iam.userGroups.list()).result).toHaveLength(1);
    expect((await admin("GET", "/state")).body).toEqual(before.body);
  });

  it.each([
    ["no body", undefined, "not valid JSON"],
    [
      "a snapshot of the wrong version",
      { version: 9, accountId: "0".repeat(32), idsUsed: 0, accounts: {} },
      "body",
    ],
    [
      "seed data with a bad group",
      { groups: [{ name: "" }] },
      "groups[0].name must NOT have fewer than 1 characters",
    ],
  ])("PUT /state with %s", async (_, body, message) => {
    const before = await remote.snapshot();
    const { status, body: reply } = await admin("PUT", "/state", body);
    expect(status).toBe(400);
    expect(reply.errors[0].message).toContain(message);
    expect(await remote.snapshot()).toEqual(before);
  });

  it("POST /clock with neither advanceMs nor now, or a bad time", async () => {
    expect((await admin("POST", "/clock", {})).status).toBe(400);
    expect((await admin("POST", "/clock", { now: "tomorrow" })).body.errors[0].message).toMatch(/body/);
    expect((await remote.clock.now()).getTime()).toBe(START);
  });

  it("GET /requests with a bad filter", async () => {
    const { status, body } = await admin("GET", "/requests?status=abc");
    expect(status).toBe(400);
    expect(body.errors[0].message).toContain("query.status must be integer");
    const refused = remote.requests({ operationId: "nope" as never });
    await expect(refused).rejects.toThrow(TypeError);
    await expect(refused).rejects.toThrow(/query\.operationId must be equal to one of the allowed values/);
  });

  it("an unknown endpoint is a 404, a wrong method a 405", async () => {
    expect((await admin("GET", "/nope")).status).toBe(404);
    expect((await admin("PATCH", "/reset")).status).toBe(405);
  });

  it("a write from a web page on another origin is refused", async () => {
    const { status, body } = await admin("POST", "/reset", undefined, { origin: "https://evil.example" });
    expect(status).toBe(403);
    expect(body.errors[0].message).toMatch(/other origins/);
  });

  it("connectMockServer refuses a URL that is not absolute http(s)", () => {
    for (const [url, problem] of [
      ["127.0.0.1:8787", "is not an absolute URL."],
      ["/__admin", "is not an absolute URL."],
      // Parsed as the scheme "localhost:", whose origin is "null".
      ["localhost:8787", "is not an http(s) URL."],
      ["ftp://localhost", "is not an http(s) URL."],
      ["file:///tmp/mock", "is not an http(s) URL."],
    ]) {
      expect(() => connectMockServer(url as string)).toThrow(TypeError);
      expect(() => connectMockServer(url as string)).toThrow(`connectMockServer: "${url}" ${problem}`);
    }
  });
});

describe("--no-admin (admin: false)", () => {
  it("serves no control plane, and the API as before", async () => {
    const plain = await startMockServer({ admin: false });
    try {
      const response = await fetch(`${plain.url}/__admin/health`);
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].code).toBe(7000);
      const listed = await fetch(`${plain.baseURL}/accounts/${plain.mock.accountId}/iam/user_groups`, {
        headers: { authorization: "Bearer t" },
      });
      expect(listed.status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
