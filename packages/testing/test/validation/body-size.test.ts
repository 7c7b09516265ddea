import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, ErrorCodes, LOGGED_BODY_LIMIT } from "../../src/index.js";
import { ACCOUNT, TOKEN, useMockedApi } from "../support/api.js";

const GROUPS = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

/** A body stream of `chunks` chunks of `size` bytes, counting how many were pulled. */
function countingBody(chunks: number, size: number) {
  const pulled = { chunks: 0 };
  const chunk = new TextEncoder().encode("x".repeat(size));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.chunks === chunks) return controller.close();
      pulled.chunks++;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

describe("request bodies over maxBodyBytes", () => {
  it("get a 413 envelope, change nothing, and are only summarised in the log (mock.fetch)", async () => {
    const mock = createUserGroupsMock({ maxBodyBytes: 1024 });
    const before = mock.store.snapshot();
    const name = "n".repeat(2000);
    const response = await mock.fetch(GROUPS, { method: "POST", headers, body: JSON.stringify({ name }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      success: false,
      errors: [{ code: ErrorCodes.BODY_TOO_LARGE, message: "The request body is larger than 1024 bytes." }],
      messages: [],
      result: null,
    });
    expect(mock.store.snapshot()).toEqual(before);
    expect(mock.requests).toEqual([
      expect.objectContaining({
        operationId: "createUserGroup",
        status: 413,
        body: undefined,
        bodyBytes: JSON.stringify({ name }).length,
        bodyTruncated: true,
      }),
    ]);
  });

  it("stop being read once past the limit: a streamed body is cancelled there", async () => {
    const mock = createUserGroupsMock({ maxBodyBytes: 64 * 1024 });
    const { stream, pulled } = countingBody(10_000, 16 * 1024);
    const response = await mock.fetch(GROUPS, {
      method: "POST",
      headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    // 64 KiB is 4 chunks; the fifth passes the limit; a stream may pull a little ahead, never the whole body.
    expect(pulled.chunks).toBeGreaterThanOrEqual(5);
    expect(pulled.chunks).toBeLessThan(20);
    expect(mock.requests[0]).toMatchObject({ status: 413, bodyTruncated: true });
  });

  it("with a Content-Length over the limit, are refused before reading anything", async () => {
    const mock = createUserGroupsMock({ maxBodyBytes: 1024 });
    const { stream, pulled } = countingBody(100, 1024);
    const request = new Request(GROUPS, {
      method: "POST",
      headers: { ...headers, "content-length": String(100 * 1024) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const response = await mock.handle(request);
    expect(response.status).toBe(413);
    expect(pulled.chunks).toBeLessThanOrEqual(1);
    expect(mock.requests[0]).toMatchObject({ status: 413, bodyBytes: 100 * 1024 });
  });

  it("apply to requests no operation matches too", async () => {
    const mock = createUserGroupsMock({ maxBodyBytes: 10 });
    const response = await mock.fetch("https://api.cloudflare.com/client/v4/zones", {
      method: "POST",
      headers,
      body: "x".repeat(11),
    });
    expect(response.status).toBe(413);
    expect(mock.requests[0]).toMatchObject({ operationId: undefined, status: 413 });
  });

  it("a body at the limit is read as usual", async () => {
    const body = JSON.stringify({ name: "Auditors" });
    const mock = createUserGroupsMock({ maxBodyBytes: body.length });
    const response = await mock.fetch(GROUPS, { method: "POST", headers, body });
    expect(response.status).toBe(200);
  });
});

describe("the request log keeps a bounded summary of large bodies", () => {
  const { mock } = useMockedApi();

  it("a body over LOGGED_BODY_LIMIT is logged as its start, with its size", async () => {
    const members = Array.from({ length: 2_000 }, (_, index) => ({
      id: index.toString(16).padStart(32, "0"),
    }));
    const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0 });
    const group = await client.iam.userGroups.create({ name: "Big" });
    await expect(client.iam.userGroups.members.update(group.id, { members })).rejects.toMatchObject({
      status: 400,
    });
    const text = JSON.stringify(members);
    expect(LOGGED_BODY_LIMIT).toBe(64 * 1024);
    expect(text.length).toBeGreaterThan(LOGGED_BODY_LIMIT);
    const logged = mock.requests[1];
    expect(logged).toMatchObject({
      operationId: "replaceUserGroupMembers",
      bodyBytes: text.length,
      bodyTruncated: true,
    });
    expect(logged?.body).toBe(`${text.slice(0, 1024)}…`);
    expect(JSON.stringify(mock.requests).length).toBeLessThan(8 * 1024);
  });

  it("a body under the limit is kept whole", async () => {
    await new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0 }).iam.userGroups.create({
      name: "Small",
    });
    expect(mock.requests[0]).toMatchObject({ body: { name: "Small" } });
    expect(mock.requests[0]).not.toHaveProperty("bodyTruncated");
  });
});
