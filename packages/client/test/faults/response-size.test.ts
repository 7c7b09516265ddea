// Response bodies are read as a stream and no further than `maxResponseBytes`
// (counted after decompression): a huge body, or a small gzip that inflates
// to a huge one, fails at the cap with its stream cancelled, once, without a
// retry. An error status with an oversized body keeps its status's class.

import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  APIError,
  InternalServerError,
  NotFoundError,
  ResponseTooLargeError,
  UserGroupsClient,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, GROUP, group, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

const MiB = 2 ** 20;
const HEAD = '{"success":true,"errors":[],"messages":[],"result":"';
const TAIL = '"}';
/** The bytes of a lazy body that are envelope, not result. */
const ENVELOPE_BYTES = HEAD.length + TAIL.length;

/**
 * A body of `total` bytes made on demand in `chunk`-byte pieces: a JSON
 * envelope whose result is a long string. `pulled` says how much was read and
 * `cancelled` whether the reader gave up.
 */
function lazyBody(total: number, chunk = 64 * 1024) {
  const head = new TextEncoder().encode(HEAD);
  const tail = new TextEncoder().encode(TAIL);
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === 0) {
        state.pulled += head.length;
        controller.enqueue(head);
        return;
      }
      const left = total - state.pulled - tail.length;
      if (left <= 0) {
        state.pulled += tail.length;
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const size = Math.min(chunk, left);
      state.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** A client whose fetch answers every request with a fresh lazy body of `total` bytes and `status`. */
function bodyOf(total: number, { status = 200, maxResponseBytes = undefined as number | undefined } = {}) {
  const bodies: ReturnType<typeof lazyBody>["state"][] = [];
  const scripted = scriptedFetch(() => {
    const { stream, state } = lazyBody(total);
    bodies.push(state);
    return new Response(stream, { status, headers: { "content-type": "application/json" } });
  });
  const client = new UserGroupsClient({
    apiToken: "t",
    accountId: ACCOUNT,
    fetch: scripted.fetch,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
  return { ...scripted, client, bodies };
}

const failureOf = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => expect.unreachable("the call should fail"),
    (error: unknown) => error as APIError,
  );

// Real sockets and tens of MiB on a busy two-core machine: generous timeouts, no upper bound on time.
const SLOW = { timeout: 60_000 };

describe("a body in pieces", () => {
  it("decodes characters whose UTF-8 bytes are split between chunks", async () => {
    const name = "Prüfer ✓ 😀";
    const bytes = new TextEncoder().encode(JSON.stringify(ok(group(GROUP, name))));
    // One byte a chunk: every multi-byte character is cut.
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        for (const byte of bytes) stream.enqueue(Uint8Array.of(byte));
        stream.close();
      },
    });
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch: async () => new Response(body),
    });
    await expect(client.iam.userGroups.get(GROUP)).resolves.toMatchObject({ name });
  });
});

describe("a body over maxResponseBytes", SLOW, () => {
  it("fails with ResponseTooLargeError after one attempt, its stream cancelled near the cap", async () => {
    const { client, requests, bodies } = bodyOf(64 * MiB);
    const error = await failureOf(client.iam.userGroups.get(GROUP, {}, { maxResponseBytes: MiB }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, method: "GET", error: undefined });
    expect(error.message).toMatch(/maxResponseBytes \(1048576\)/);
    expect(requests).toHaveLength(1);
    expect(bodies[0]?.cancelled).toBe(true);
    // Read up to the cap and at most a chunk beyond (the stream may pull one ahead).
    expect(bodies[0]?.pulled).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });

  it("the cap is inclusive: a body of exactly maxResponseBytes is read", async () => {
    const text = JSON.stringify(ok(group()));
    const exact = scriptedFetch(() => new Response(text));
    const capped = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch: exact.fetch });
    await expect(
      capped.iam.userGroups.get(GROUP, {}, { maxResponseBytes: new TextEncoder().encode(text).length }),
    ).resolves.toEqual(group());
    await expect(
      capped.iam.userGroups.get(GROUP, {}, { maxResponseBytes: new TextEncoder().encode(text).length - 1 }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("counts bytes, not characters", async () => {
    const text = JSON.stringify(ok({ ...group(), name: "é".repeat(100) }));
    const { fetch } = scriptedFetch(() => new Response(text));
    const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });
    await expect(
      client.iam.userGroups.get(GROUP, {}, { maxResponseBytes: text.length }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("is set on the client for every call, and a call may raise it", async () => {
    const { client, requests } = bodyOf(2 * MiB, { maxResponseBytes: MiB });
    await expect(client.iam.userGroups.get(GROUP)).rejects.toBeInstanceOf(ResponseTooLargeError);
    // Within the raised cap, the envelope (whose result is the long string) is read in full.
    const result = await client.iam.userGroups.get(GROUP, {}, { maxResponseBytes: 4 * MiB });
    expect(result).toHaveLength(2 * MiB - ENVELOPE_BYTES);
    expect(requests).toHaveLength(2);
  });

  it("defaults to 16 MiB", async () => {
    const under = bodyOf(16 * MiB);
    await expect(under.client.iam.userGroups.get(GROUP)).resolves.toHaveLength(16 * MiB - ENVELOPE_BYTES);
    const over = bodyOf(16 * MiB + 1);
    await expect(over.client.iam.userGroups.get(GROUP)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(over.requests).toHaveLength(1);
  });

  it("applies to list pages and to rawClient", async () => {
    const { client, requests } = bodyOf(2 * MiB, { maxResponseBytes: MiB });
    await expect(client.iam.userGroups.list()).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(
      rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(requests).toHaveLength(2);
  });
});

describe("an error status with a body over the cap", SLOW, () => {
  it("keeps its status's class, without the body, after one attempt", async () => {
    const { client, requests, bodies } = bodyOf(64 * MiB, { status: 404, maxResponseBytes: MiB });
    const error = await failureOf(client.iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, error: undefined, errors: [] });
    expect(error.message).toMatch(/^404 GET .*: response body over maxResponseBytes \(1048576\)$/);
    expect(requests).toHaveLength(1);
    expect(bodies[0]?.cancelled).toBe(true);
    expect(bodies[0]?.pulled).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });

  it("a retryable 5xx is retried without reading its body, and the last one is capped", async () => {
    const { client, requests, bodies } = bodyOf(64 * MiB, { status: 503, maxResponseBytes: MiB });
    const error = await failureOf(client.iam.userGroups.get(GROUP, {}, { maxRetries: 1 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(2);
    expect(bodies.map((body) => body.cancelled)).toEqual([true, true]);
    for (const body of bodies) expect(body.pulled).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });
});

describe("on a real socket", SLOW, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });

  async function serve(handle: (res: ServerResponse) => void) {
    let attempts = 0;
    const server = createServer((_req, res) => {
      attempts++;
      handle(res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxResponseBytes: MiB,
    });
    return { client, attempts: () => attempts };
  }

  it("a gzip bomb (a small body inflating to 64 MiB) stops at the cap of the inflated bytes, once", async () => {
    const inflated = Buffer.concat([
      Buffer.from('{"success":true,"errors":[],"messages":[],"result":"'),
      Buffer.alloc(64 * MiB, 0x61),
      Buffer.from('"}'),
    ]);
    const bomb = gzipSync(inflated, { level: 1 });
    expect(bomb.length).toBeLessThan(MiB);
    const api = await serve((res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": bomb.length,
      });
      res.end(bomb);
    });
    const error = await failureOf(api.client.iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.status).toBe(200);
    expect(api.attempts()).toBe(1);
  });

  it("a body that never ends is cut off: the server stops writing when the client hangs up", async () => {
    let written = 0;
    let closed: () => void = () => {};
    const hungUp = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const api = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"result":"');
      const piece = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        // 128 MiB at most, so even a client that reads everything lets the test end.
        while (written < 128 * MiB && res.write(piece)) written += piece.length;
        if (written >= 128 * MiB) res.end('"}');
      };
      res.on("drain", pump);
      res.on("close", closed);
      pump();
    });
    const error = await failureOf(api.client.iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    await hungUp;
    expect(api.attempts()).toBe(1);
    // The client read 1 MiB; socket buffers hold a few more. Far from the 128 MiB a full read takes.
    expect(written).toBeLessThan(32 * MiB);
  });
});
