// Which writes are retried, and what a write that may have been applied
// reports. The operations' table lives in src/operations.ts; these tests pin
// what it means on the wire. A tiny store stands behind an injected fetch so
// a fault can come after the write was applied (the answer is lost), the case
// that makes a retried create duplicate a group.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UserGroupsClient,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, failure, GROUP, group, MEMBER, member, ok, TOKEN } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

/** What Node's fetch throws when the connection was refused, the DNS lookup failed, or the socket was reset. */
const fetchFailed = (code: string) =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code}`), { code }) });

/** An outcome an injected fetch can script for one attempt. */
type Outcome = number | "reset" | "hang" | "ECONNREFUSED" | "ENOTFOUND" | "EAI_AGAIN";

/**
 * A fake API with a store of group names behind an injected fetch. Each
 * attempt's outcome is scripted: a status answered without applying anything
 * (as a 429 or a refused connection is), `"reset"` after the write was
 * applied and its answer lost, `"hang"` until the attempt times out (after
 * applying), or, past the script, success.
 */
function api(script: Outcome[], options: { retryNonIdempotent?: boolean; maxRetries?: number } = {}) {
  const groups = new Map<string, string>();
  const members = new Set<string>([MEMBER]);
  let attempt = 0;
  const { fetch, requests } = scriptedFetch(async (request) => {
    const outcome = script[attempt++];
    if (typeof outcome === "string" && outcome.startsWith("E")) throw fetchFailed(outcome);
    if (typeof outcome === "number" && outcome < 500)
      return Response.json(failure(10000, "refused"), { status: outcome });
    // Anything else reached the API, which applies the write before the fault hits.
    const { pathname } = new URL(request.url);
    const id = pathname.split("/").pop() as string;
    let result: unknown;
    if (request.method === "POST" && pathname.endsWith("/user_groups")) {
      const name = (await request.json()).name;
      const created = String(groups.size + 1).padStart(32, "0");
      groups.set(created, name);
      result = group(created, name);
    } else if (request.method === "DELETE" && pathname.includes("/members/")) {
      if (!members.delete(id)) return Response.json(failure(1004, "no such member"), { status: 404 });
      result = member(id);
    } else if (request.method === "DELETE") {
      if (!groups.delete(id)) return Response.json(failure(1004, "no such group"), { status: 404 });
      result = { id };
    } else if (request.method === "PUT" && pathname.endsWith("/members")) {
      members.clear();
      for (const entry of await request.json()) members.add(entry.id);
      result = [...members].map((each) => member(each));
    } else {
      result = group(id);
    }
    if (outcome === "reset") throw fetchFailed("ECONNRESET");
    if (outcome === "hang") return new Promise<Response>(() => {});
    if (typeof outcome === "number")
      return Response.json(failure(10001, "upstream failed"), { status: outcome });
    return Response.json(ok(result));
  });
  const client = new UserGroupsClient({
    apiToken: TOKEN,
    accountId: ACCOUNT,
    fetch,
    timeout: 1_000,
    ...options,
  });
  return { client, groups, members, requests };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Settles `promise` while fake time runs out every backoff and timeout. */
async function settle<T>(promise: PromiseLike<T>): Promise<{ value?: T; error?: unknown }> {
  const settled = Promise.resolve(promise).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(120_000);
  return settled;
}

describe("userGroups.create is not idempotent", () => {
  it.each([
    ["a reset after it was applied", ["reset"], APIConnectionError],
    ["a timeout after it was applied", ["hang"], APIConnectionTimeoutError],
    ["a 500 after it was applied", [500], InternalServerError],
    ["a 503 after it was applied", [503], InternalServerError],
  ] as const)(
    "%s is not retried, and says the write may have been applied",
    async (_, script, ErrorClass) => {
      const { client, groups, requests } = api([...script]);
      const { error } = await settle(client.iam.userGroups.create({ name: "Auditors" }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ mayHaveBeenApplied: true, method: "POST" });
      expect((error as Error).message).toMatch(/\(the write may have been applied\)$/);
      expect(requests).toHaveLength(1);
      expect([...groups.values()]).toEqual(["Auditors"]);
    },
  );

  it.each([
    ["a 429", [429]],
    ["a refused connection", ["ECONNREFUSED"]],
    ["a failed DNS lookup", ["ENOTFOUND"]],
    ["a DNS lookup that timed out", ["EAI_AGAIN"]],
    ["each of them in turn", [429, "ECONNREFUSED"]],
  ] as const)("%s proves nothing was applied: retried, one group results", async (_, script) => {
    const { client, groups, requests } = api([...script]);
    const { value } = await settle(client.iam.userGroups.create({ name: "Auditors" }));
    expect(value).toMatchObject({ name: "Auditors" });
    expect(requests).toHaveLength(script.length + 1);
    expect([...groups.values()]).toEqual(["Auditors"]);
  });

  it.each([408, 409])("a %i is a refusal, not retried for a create, and applied nothing", async (status) => {
    const { client, requests } = api([status]);
    const { error } = await settle(client.iam.userGroups.create({ name: "Auditors" }));
    expect(error).toBeInstanceOf(status === 409 ? ConflictError : APIError);
    expect(error).toMatchObject({ status, mayHaveBeenApplied: false });
    expect(requests).toHaveLength(1);
  });

  it("retries that end in a refusal say nothing was applied", async () => {
    const { client, groups, requests } = api([429, 429, 429]);
    const { error } = await settle(client.iam.userGroups.create({ name: "Auditors" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ mayHaveBeenApplied: false });
    expect((error as Error).message).not.toMatch(/may have been applied/);
    expect(requests).toHaveLength(3);
    expect(groups.size).toBe(0);
  });

  it("retryNonIdempotent on the client brings back the official SDK's retries, and with them the duplicate", async () => {
    const { client, groups, requests } = api(["reset", 503], { retryNonIdempotent: true });
    const { value } = await settle(client.iam.userGroups.create({ name: "Auditors" }));
    expect(value).toMatchObject({ name: "Auditors" });
    expect(requests).toHaveLength(3);
    expect([...groups.values()]).toEqual(["Auditors", "Auditors", "Auditors"]);
  });

  it("retryNonIdempotent per call overrides the client's, both ways", async () => {
    const strict = api(["reset"]);
    await settle(strict.client.iam.userGroups.create({ name: "A" }, { retryNonIdempotent: true }));
    expect(strict.requests).toHaveLength(2);
    const lenient = api(["reset"], { retryNonIdempotent: true });
    const { error } = await settle(
      lenient.client.iam.userGroups.create({ name: "A" }, { retryNonIdempotent: false }),
    );
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(lenient.requests).toHaveLength(1);
  });

  it("retryNonIdempotent must be a boolean, on the client and per call", async () => {
    expect(() => new UserGroupsClient({ apiToken: TOKEN, retryNonIdempotent: "yes" as never })).toThrow(
      'UserGroupsClient: `retryNonIdempotent` must be true or false, got "yes".',
    );
    const { client, requests } = api([]);
    const { error } = await settle(
      client.iam.userGroups.create({ name: "A" }, { retryNonIdempotent: 1 as never }),
    );
    expect((error as Error).message).toBe("`retryNonIdempotent` must be true or false, got 1.");
    expect(requests).toHaveLength(0);
  });

  it("an abort while the create is in flight may have applied it; one before it was sent did not", async () => {
    const { client } = api(["hang"]);
    const controller = new AbortController();
    const pending = client.iam.userGroups
      .create({ name: "A" }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    const before = await settle(client.iam.userGroups.create({ name: "A" }, { signal: AbortSignal.abort() }));
    expect(before.error).toBeInstanceOf(APIUserAbortError);
    expect(before.error).toMatchObject({ mayHaveBeenApplied: false });
  });

  it("through rawClient too: the path template says which operation it is", async () => {
    const { client, requests } = api([503]);
    const { error } = await settle(
      rawClient(client).POST("/accounts/{account_id}/iam/user_groups", {
        params: { path: { account_id: ACCOUNT } },
        body: { name: "Auditors" },
      }),
    );
    expect(error).toMatchObject({ status: 503, mayHaveBeenApplied: true });
    expect(requests).toHaveLength(1);
  });
});

describe("the other writes are idempotent, and retried after any retryable failure", () => {
  it("update re-sends after its answer was lost", async () => {
    const { client, requests } = api(["reset", 502]);
    const { value } = await settle(client.iam.userGroups.update(GROUP, { name: "Renamed" }));
    expect(value).toMatchObject({ id: GROUP });
    expect(requests.map((request) => request.method)).toEqual(["PUT", "PUT", "PUT"]);
  });

  it("adding members twice keeps one of each, so an adding POST is retried", async () => {
    const { client, requests } = api(["reset"]);
    await settle(client.iam.userGroups.members.create(GROUP, { members: [{ id: MEMBER }] }));
    expect(requests.map((request) => request.method)).toEqual(["POST", "POST"]);
  });

  it("replacing members is a set: retried after a timeout", async () => {
    const { client, members, requests } = api(["hang"]);
    const { value } = await settle(client.iam.userGroups.members.update(GROUP, { members: [] }));
    expect(value).toMatchObject({ result: [] });
    expect(requests).toHaveLength(2);
    expect(members.size).toBe(0);
  });

  it("a write that exhausts its retries after an ambiguous attempt may have been applied", async () => {
    const { client } = api([503, 503, 503]);
    const { error } = await settle(client.iam.userGroups.update(GROUP, { name: "Renamed" }));
    expect(error).toMatchObject({ status: 503, mayHaveBeenApplied: true });
  });

  it("a read never reports that it may have been applied", async () => {
    const { client } = api([503, 503, 503]);
    const { error } = await settle(client.iam.userGroups.get(GROUP));
    expect(error).toMatchObject({ status: 503, mayHaveBeenApplied: false });
    expect((error as Error).message).not.toMatch(/applied/);
  });
});

describe("a retried delete that finds the item gone resolves as deleted", () => {
  it.each([
    ["its answer was lost", "reset"],
    ["it got a 503 after deleting", 503],
    ["it timed out after deleting", "hang"],
  ] as const)(
    "userGroups.delete resolves with { id } when the first attempt deleted it and %s",
    async (_, fault) => {
      const { client, groups, requests } = api([fault]);
      groups.set(GROUP, "Temporary");
      const { value } = await settle(client.iam.userGroups.delete(GROUP));
      expect(value).toEqual({ id: GROUP });
      expect(requests.map((request) => request.method)).toEqual(["DELETE", "DELETE"]);
      expect(groups.size).toBe(0);
    },
  );

  it("members.delete resolves with { id } alone: the member is out, its email and status no longer known", async () => {
    const { client, members, requests } = api([503]);
    const { value } = await settle(client.iam.userGroups.members.delete(MEMBER, { user_group_id: GROUP }));
    expect(value).toEqual({ id: MEMBER });
    expect(requests).toHaveLength(2);
    expect(members.size).toBe(0);
  });

  it("a 404 on the first attempt is a NotFoundError", async () => {
    const { client } = api([]);
    const { error } = await settle(client.iam.userGroups.delete(GROUP));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ mayHaveBeenApplied: false });
  });

  it("a 404 after a 429 (which applied nothing) is a NotFoundError too", async () => {
    const { client, requests } = api([429]);
    const { error } = await settle(client.iam.userGroups.delete(GROUP));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(requests).toHaveLength(2);
  });

  it("only a 404 says it is gone: a retried delete refused with a 429 fails as a 429", async () => {
    const { client, groups, requests } = api(["reset", 429], { maxRetries: 1 });
    groups.set(GROUP, "Temporary");
    const { error } = await settle(client.iam.userGroups.delete(GROUP));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(requests).toHaveLength(2);
  });

  it("only a delete counts a 404 as done: an update whose retry finds the group gone is a NotFoundError", async () => {
    const { client, requests } = api(["reset", 404]);
    const { error } = await settle(client.iam.userGroups.update(GROUP, { name: "Renamed" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(requests.map((request) => request.method)).toEqual(["PUT", "PUT"]);
  });

  it("through rawClient, the delete resolves with the id from its path", async () => {
    const { client, groups } = api([503]);
    groups.set(GROUP, "Auditors");
    const { value } = await settle(
      rawClient(client).DELETE("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      }),
    );
    expect(value?.data?.result).toEqual({ id: GROUP });
  });
});

describe("a 2xx a write cannot read", () => {
  it.each<[string, string, boolean]>([
    ["a body that is not an envelope", "<html>ok</html>", true],
    ["an empty object", "{}", true],
    ["success: false", JSON.stringify(failure(10000, "no")), false],
  ])("%s (%j): mayHaveBeenApplied is %s", async (_, body, applied) => {
    const { fetch } = scriptedFetch(() => new Response(body, { status: 200 }));
    const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, fetch });
    const { error } = await settle(client.iam.userGroups.create({ name: "A" }));
    expect(error).toMatchObject({ mayHaveBeenApplied: applied });
    const read = await settle(client.iam.userGroups.get(GROUP));
    expect(read.error).toMatchObject({ mayHaveBeenApplied: false });
  });
});

describe("on a real socket", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("a create the server applied before dropping the connection is not repeated", async () => {
    vi.useRealTimers();
    const created: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        created.push(JSON.parse(body).name);
        res.socket?.resetAndDestroy();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new UserGroupsClient({
      apiToken: TOKEN,
      accountId: ACCOUNT,
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`,
    });
    const error = await client.iam.userGroups.create({ name: "Auditors" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(created).toEqual(["Auditors"]);
  }, 60_000);

  it("a create refused by a closed port is retried, since Node's fetch says ECONNREFUSED", async () => {
    vi.useRealTimers();
    // A port that was just free: nothing listens on it until the first attempt has been refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const created: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        created.push(JSON.parse(body).name);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(ok(group())));
      });
    });
    servers.push(server);
    const logged: unknown[] = [];
    const client = new UserGroupsClient({
      apiToken: TOKEN,
      accountId: ACCOUNT,
      baseURL: `http://127.0.0.1:${port}/client/v4`,
      logLevel: "info",
      logger: {
        ...console,
        info: (_message, details) => {
          logged.push(details);
          server.listen(port, "127.0.0.1");
        },
      },
    });
    await expect(client.iam.userGroups.create({ name: "Auditors" })).resolves.toEqual(group());
    expect(logged).toMatchObject([{ attempt: 1, reason: expect.stringContaining("Connection error") }]);
    expect(created).toEqual(["Auditors"]);
  }, 60_000);
});
