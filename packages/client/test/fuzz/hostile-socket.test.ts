// The hostile-server fuzz through Node's own fetch and a real node:http
// server on 127.0.0.1: the same scripts, bodies that may be gzipped (so the
// byte cap counts inflated bytes), real resets. Fewer runs than the
// injected-fetch variant, and real timers: a script with a reset runs with
// maxRetries 0, so no run waits for a connection-error backoff, and stalls
// become resets with a generous timeout, so a busy machine cannot turn a slow
// answer into a timeout (the injected-fetch variant covers timeouts, on fake
// timers).
//
// FUZZ_RUNS scales it (a tenth, at least 40); FUZZ_SEED varies it.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserGroupsClient } from "../../src/index.js";
import {
  ACCOUNT,
  answer,
  credentials,
  expectSound,
  makeCall,
  RUNS,
  requestBound,
  type Scenario,
  SEED,
  type Served,
  scenario,
} from "./hostile-server.js";

const SOCKET_RUNS = Math.max(40, Math.round(RUNS / 10));

/** What the server is serving now: one run's scenario, whether it gzips, and what it has served. */
let current: { scenario: Scenario; gzip: boolean; served: Served[]; overrun: AbortController } | undefined;

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (!current) {
      res.socket?.resetAndDestroy();
      return;
    }
    const { scenario, gzip, served, overrun } = current;
    const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page") ?? 1);
    const { answer: reply, served: entry } = answer(scenario, served.length + 1, page);
    served.push(entry);
    if (served.length > requestBound(scenario)) overrun.abort();
    if (reply === "reset" || reply === "stall") {
      res.socket?.resetAndDestroy();
      return;
    }
    const body = reply.body && gzip ? gzipSync(reply.body) : reply.body;
    res.writeHead(reply.status, {
      ...reply.headers,
      ...(body && gzip ? { "content-encoding": "gzip" } : {}),
      "content-length": body?.length ?? 0,
    });
    res.end(body ?? undefined);
  });
});

let origin = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the client against a hostile server (real sockets)", () => {
  it("every call settles within its request bound, with a fitting CloudflareError or a result", async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(scenario({ timeout: 30_000 }), fc.boolean(), async (generated, gzip) => {
        const script = generated.script.map((spec) =>
          spec.kind === "stall" ? { kind: "reset" as const } : spec,
        );
        const faulty = script.some((spec) => spec.kind === "reset");
        const options = { ...generated.options, ...(faulty ? { maxRetries: 0 } : {}) };
        const scenario = { ...generated, script, options };
        current = { scenario, gzip, served: [], overrun: new AbortController() };
        const { served, overrun } = current;
        const client = new UserGroupsClient({
          ...credentials(scenario.auth),
          ...scenario.options,
          accountId: ACCOUNT,
          baseURL: `${origin}/client/v4`,
        });
        let outcome: { value: unknown } | { error: unknown };
        try {
          outcome = { value: await makeCall(client, scenario, overrun.signal) };
        } catch (error) {
          outcome = { error };
        } finally {
          current = undefined;
        }
        expectSound(scenario, outcome, served);
        requests += served.length;
      }),
      { numRuns: SOCKET_RUNS, seed: SEED },
    );
    expect(requests).toBeGreaterThanOrEqual(SOCKET_RUNS);
  }, 120_000);
});
