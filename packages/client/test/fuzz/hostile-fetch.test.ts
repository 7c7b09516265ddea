// Fuzzes the client against a hostile server behind an injected `fetch` (fast:
// no sockets): fast-check picks the server's script of responses, the call and
// its limits, and every call must settle within (maxRetries + 1) × maxPages
// requests, resolve or reject with a CloudflareError subclass that fits what
// the server sent, and never show a credential.
//
// FUZZ_RUNS (default 1000) and FUZZ_SEED (default 20261124) scale and vary it.

import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

/** Turns of the event loop a call may take before the harness calls it a hang; calls here take a few dozen. */
const HANG_TURNS = 20_000;

/** Runs one scenario through an injected fetch; returns the outcome and what was served. */
async function run(scenario: Scenario) {
  const served: Served[] = [];
  const overrun = new AbortController();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { answer: reply, served: entry } = answer(
      scenario,
      served.length + 1,
      Number(new URL(request.url).searchParams.get("page") ?? 1),
    );
    served.push(entry);
    // Past the bound, stop the client the only way a caller can; the oracle then reports the overrun.
    if (served.length > requestBound(scenario)) overrun.abort();
    if (reply === "reset") throw new TypeError("fetch failed", { cause: new Error("read ECONNRESET") });
    if (reply === "stall") {
      return new Promise((_, reject) =>
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
      );
    }
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
  const client = new UserGroupsClient({
    ...credentials(scenario.auth),
    ...scenario.options,
    accountId: ACCOUNT,
    fetch,
  });
  // Timers are fake, so backoffs and timeouts cost no real time: the loop lets
  // promises and streams run, then jumps to the next timer, until the call settles.
  let outcome: { value: unknown } | { error: unknown } | undefined;
  makeCall(client, scenario, overrun.signal).then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  for (let turn = 0; outcome === undefined; turn++) {
    if (turn > HANG_TURNS) throw new Error(`hang: no answer after ${HANG_TURNS} turns`);
    await new Promise((resolve) => setImmediate(resolve));
    if (outcome === undefined && vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
  }
  return { outcome, served };
}

describe("the client against a hostile server (injected fetch)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("every call settles within its request bound, with a fitting CloudflareError or a result", async () => {
    const stats = { calls: 0, requests: 0, mostRequests: 0, resolved: 0, errors: new Map<string, number>() };
    await fc.assert(
      fc.asyncProperty(scenario({ timeout: 20 }), async (scenario) => {
        const { outcome, served } = await run(scenario);
        expectSound(scenario, outcome, served);
        stats.calls++;
        stats.requests += served.length;
        stats.mostRequests = Math.max(stats.mostRequests, served.length);
        if ("error" in outcome) {
          const name = (outcome.error as Error).constructor.name;
          stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
        } else stats.resolved++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The scripts reach the interesting outcomes, so the oracle was exercised on each
    // (checked on runs long enough that missing one would mean the generator broke).
    if (RUNS < 500) return;
    expect(stats.resolved).toBeGreaterThan(0);
    for (const name of [
      "APIError",
      "PaginationError",
      "ResponseTooLargeError",
      "APIConnectionError",
      "InternalServerError",
    ])
      expect(stats.errors.get(name) ?? 0, name).toBeGreaterThan(0);
  }, 120_000);
});
