// The client against a real node:http server on 127.0.0.1 that misbehaves on
// purpose, through Node's own fetch: what MSW cannot fake (a TCP reset, a
// body cut short, headers that never come, a redirect to another host).
// Each case asserts how many attempts reached the server, the error thrown,
// what each attempt carried, and the timers the client asked for: each
// attempt's timeout and the wait before each retry. Those are recorded, not
// measured: a busy machine stretches wall-clock time, but not what the client
// asked setTimeout for. Real waits still happen with real timers, so the gaps
// between attempts are checked against a lower bound the timers guarantee.
// Cases where a timeout must fire use fake timers, moved on only once the
// socket work they wait for has happened, so a slow machine cannot make an
// attempt time out that should have been answered.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as realSleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordRequestedDelays, waitUntil } from "../../../../scripts/lib/timers.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  RateLimitError,
  UserGroupsClient,
} from "../../src/index.js";
import { ACCOUNT, GROUP, group, MEMBER, ok, TOKEN } from "../support/mock-api.js";

/** One request as the server saw it. */
interface Attempt {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** When it arrived: `Date.now()`, so it is fake time when Date is faked. */
  at: number;
}

type Behaviour = (attempt: number, req: IncomingMessage, res: ServerResponse) => void;

interface Misbehaving {
  origin: string;
  attempts: Attempt[];
  client(options?: {
    maxRetries?: number;
    timeout?: number;
    apiKey?: boolean;
    retryNonIdempotent?: boolean;
  }): UserGroupsClient<{
    accountId: string;
  }>;
}

const servers: Server[] = [];
afterEach(async () => {
  vi.useRealTimers();
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

/** A server on 127.0.0.1 that records every request, then answers it as `behave` says for that attempt (1-based). */
async function serve(behave: Behaviour): Promise<Misbehaving> {
  const attempts: Attempt[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      attempts.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      behave(attempts.length, req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    attempts,
    client: ({ maxRetries = 2, timeout = TIMEOUT, apiKey = false, retryNonIdempotent = false } = {}) =>
      new UserGroupsClient({
        ...(apiKey ? { apiKey: "secret-global-key", apiEmail: "owner@example.com" } : { apiToken: TOKEN }),
        accountId: ACCOUNT,
        baseURL: `${origin}/client/v4`,
        maxRetries,
        timeout,
        retryNonIdempotent,
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};
const succeed = (res: ServerResponse) => json(res, 200, ok(group()));
/** A TCP reset: the client sees ECONNRESET, not a clean close. */
const reset = (res: ServerResponse) => res.socket?.resetAndDestroy();
/** Headers and half of a 200 body, then a reset (after a real pause, even when setTimeout is faked). */
const resetMidBody = (res: ServerResponse) => {
  const text = JSON.stringify(ok(group()));
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.write(text.slice(0, text.length / 2), () => void realSleep(20).then(() => reset(res)));
};
const unavailable = (res: ServerResponse, headers: Record<string, string> = {}) =>
  json(
    res,
    503,
    { success: false, errors: [{ code: 10000, message: "try later" }], messages: [], result: null },
    headers,
  );
const rateLimited = (res: ServerResponse, retryAfter: string) =>
  json(
    res,
    429,
    { success: false, errors: [{ code: 10000, message: "slow down" }], messages: [], result: null },
    {
      "retry-after": retryAfter,
    },
  );

/** The milliseconds between consecutive attempts. */
const gaps = (attempts: Attempt[]) =>
  attempts.slice(1).map((attempt, index) => attempt.at - (attempts[index] as Attempt).at);

/** The rejection of `promise` (the test fails if it resolves). */
const rejectionOf = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => expect.unreachable("expected the call to fail"),
    (error: unknown) => error,
  );

/** Each attempt's timeout in these tests: the client's default, so only a case that wants a timeout gets one. */
const TIMEOUT = 60_000;

/** The delays the client's code (its transport) asks setTimeout for during this test, in order. */
const transportDelays = () => recordRequestedDelays(/\/packages\/client\/src\//);

/**
 * The transport's timers split by purpose: it starts one timer per attempt
 * (the attempt's timeout) and, before each retry, one for the wait.
 */
function schedule(delays: number[]) {
  return {
    attemptTimeouts: delays.filter((_, index) => index % 2 === 0),
    backoffs: delays.filter((_, index) => index % 2 === 1),
  };
}

/** Backoff without retry-after, before retry `n` (0-based): min(0.5 · 2^n, 8) s, less up to 25% jitter. */
function expectBackoff(delay: number | undefined, n: number) {
  const full = Math.min(500 * 2 ** n, 8_000);
  expect(delay).toBeGreaterThanOrEqual(full * 0.75);
  expect(delay).toBeLessThanOrEqual(full);
}

/**
 * The real gap between two attempts is at least the wait the client asked
 * for: timers never fire early. Timers and Date.now() count whole
 * milliseconds, so the measured gap may read up to 2 ms short.
 */
function expectGapAtLeast(gap: number | undefined, delay: number | undefined) {
  expect(gap).toBeGreaterThanOrEqual((delay as number) - 2);
}

/**
 * Moves a call along by hand under fake timers. Each step first waits, in real time and for as
 * long as the machine needs, for the socket work it depends on, and does nothing once the call
 * has ended (so a call that fails early fails the test at once instead of leaving it waiting).
 */
function drive<T>(call: PromiseLike<T>, delays: number[]) {
  let ended = false;
  const promise = Promise.resolve(call);
  promise.then(
    () => {
      ended = true;
    },
    () => {
      ended = true;
    },
  );
  return {
    promise,
    /** Waits until `condition` holds or the call has ended. */
    until: (condition: () => boolean) => waitUntil(() => ended || condition()),
    /** Once the transport has asked for its timer number `index` (0-based), moves the fake clock on by exactly that delay. */
    async fire(index: number) {
      await waitUntil(() => ended || delays.length > index);
      if (!ended) await vi.advanceTimersByTimeAsync(delays[index] as number);
    },
  };
}

/** Two attempts, each with the default timeout, and the first retry's backoff waited between them. */
function expectOneBackoff(attempts: Attempt[], delays: number[]) {
  expect(attempts).toHaveLength(2);
  const { attemptTimeouts, backoffs } = schedule(delays);
  expect(attemptTimeouts).toEqual([TIMEOUT, TIMEOUT]);
  expect(backoffs).toHaveLength(1);
  expectBackoff(backoffs[0], 0);
  expectGapAtLeast(gaps(attempts)[0], backoffs[0]);
}

describe("connection resets", () => {
  it("a reset before any headers is retried, and the next attempt's answer is used", async () => {
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) => (attempt === 1 ? reset(res) : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expectOneBackoff(api.attempts, delays);
  });

  it("resets on every attempt end in APIConnectionError after maxRetries + 1 attempts, with the cause", async () => {
    const delays = transportDelays();
    const api = await serve((_attempt, _req, res) => reset(res));
    const error = await rejectionOf(api.client({ maxRetries: 2 }).iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(api.attempts).toHaveLength(3);
    const { attemptTimeouts, backoffs } = schedule(delays);
    expect(attemptTimeouts).toEqual([TIMEOUT, TIMEOUT, TIMEOUT]);
    expect(backoffs).toHaveLength(2);
    expectBackoff(backoffs[0], 0);
    expectBackoff(backoffs[1], 1);
    expectGapAtLeast(gaps(api.attempts)[0], backoffs[0]);
    expectGapAtLeast(gaps(api.attempts)[1], backoffs[1]);
  });

  it("a reset in the middle of a 200 body is retried: the body is read inside the attempt", async () => {
    const api = await serve((attempt, _req, res) => (attempt === 1 ? resetMidBody(res) : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
  });

  it("a body that stops short of its content-length is a connection error, and retried", async () => {
    const api = await serve((_attempt, _req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "400" });
      // 36 of the 400 bytes promised, then the connection closes cleanly.
      res.write('{"success":true,"result":{"id":"6d7f', () => res.socket?.end());
    });
    const error = await rejectionOf(api.client({ maxRetries: 1 }).iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(api.attempts).toHaveLength(2);
  });
});

describe("bodies that are not JSON", () => {
  it("a complete 200 whose JSON is cut short is an APIError with the status and a snippet, not retried", async () => {
    const api = await serve((_attempt, _req, res) => {
      const text = '{"success":true,"errors":[],"result":{"id":"6d7f2f5f';
      res.writeHead(200, { "content-type": "application/json", "content-length": text.length });
      res.end(text);
    });
    const error = await rejectionOf(api.client().iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 200,
      error: '{"success":true,"errors":[],"result":{"id":"6d7f2f5f',
    });
    expect((error as Error).message).toContain("not a successful Cloudflare envelope");
    expect(api.attempts).toHaveLength(1);
  });
});

describe("timeouts", () => {
  // Fake timers: an attempt's timeout runs out only once the server has the
  // request, so a slow machine cannot make the client give up before sending.
  it("headers that never come time out each attempt, and end in APIConnectionTimeoutError", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const delays = transportDelays();
    const api = await serve(() => {
      // Never answer.
    });
    const call = drive(api.client({ maxRetries: 1, timeout: 300 }).iam.userGroups.get(GROUP), delays);
    await call.until(() => api.attempts.length === 1);
    await call.fire(0); // attempt 1 times out
    await call.fire(1); // the backoff ends
    await call.until(() => api.attempts.length === 2);
    await call.fire(2); // attempt 2 times out
    const error = await rejectionOf(call.promise);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toContain("Request timed out after 300 ms.");
    expect(api.attempts).toHaveLength(2);
    // Two attempts of 300 ms each, and the first retry's backoff between them.
    const { attemptTimeouts, backoffs } = schedule(delays);
    expect(attemptTimeouts).toEqual([300, 300]);
    expect(backoffs).toHaveLength(1);
    expectBackoff(backoffs[0], 0);
    // The second attempt went out when the backoff ended, not before: the fake clock had moved 300 ms + backoff.
    const waited = 300 + (backoffs[0] as number);
    expect(gaps(api.attempts)[0]).toBeGreaterThanOrEqual(Math.floor(waited));
    expect(gaps(api.attempts)[0]).toBeLessThanOrEqual(Math.ceil(waited));
  });
});

describe("statuses", () => {
  it("503 then success: two attempts, one backoff", async () => {
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) => (attempt === 1 ? unavailable(res) : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expectOneBackoff(api.attempts, delays);
  });

  it("503 with x-should-retry: false is an InternalServerError on the first attempt", async () => {
    const api = await serve((_attempt, _req, res) => unavailable(res, { "x-should-retry": "false" }));
    const error = await rejectionOf(api.client().iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, errors: [{ code: 10000, message: "try later" }] });
    expect(api.attempts).toHaveLength(1);
  });

  it("429 with retry-after: 0 is retried at once", async () => {
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) => (attempt === 1 ? rateLimited(res, "0") : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
    expect(schedule(delays)).toEqual({ attemptTimeouts: [TIMEOUT, TIMEOUT], backoffs: [0] });
  });

  it("429 with retry-after: 1 waits one second", async () => {
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) => (attempt === 1 ? rateLimited(res, "1") : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
    expect(schedule(delays)).toEqual({ attemptTimeouts: [TIMEOUT, TIMEOUT], backoffs: [1000] });
    expectGapAtLeast(gaps(api.attempts)[0], 1000);
  });

  it("429 on every attempt ends in RateLimitError after three attempts", async () => {
    const delays = transportDelays();
    const api = await serve((_attempt, _req, res) => rateLimited(res, "0"));
    const error = await rejectionOf(api.client().iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(api.attempts).toHaveLength(3);
    expect(schedule(delays).backoffs).toEqual([0, 0]);
  });

  it("429 with retry-after as an HTTP date 30 s ahead waits until then (fake clock, real socket)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) =>
      attempt === 1 ? rateLimited(res, new Date(Date.now() + 30_000).toUTCString()) : succeed(res),
    );
    const call = drive(api.client().iam.userGroups.get(GROUP), delays);
    // The fake clock moves only once the 429 has arrived and the client is waiting, and only by what it asked for.
    await call.until(() => delays.length === 2);
    const wait = schedule(delays).backoffs[0] as number;
    // An HTTP date has whole seconds, so the wait is between 29 and 30 s.
    expect(wait).toBeGreaterThan(29_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    await vi.advanceTimersByTimeAsync(wait - 1);
    expect(api.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call.promise).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
    expect(gaps(api.attempts)[0]).toBe(wait);
  });
});

describe("redirects", () => {
  it("a 301 to another origin is an APIError, not followed, so no credentials reach the other host", async () => {
    const elsewhere = await serve((_attempt, _req, res) => succeed(res));
    for (const apiKey of [false, true]) {
      const api = await serve((_attempt, req, res) => {
        res.writeHead(301, { location: `${elsewhere.origin}${req.url}` });
        res.end();
      });
      const error = await rejectionOf(api.client({ apiKey }).iam.userGroups.get(GROUP));
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 301 });
      expect((error as Error).message).toContain(`redirect to ${elsewhere.origin}`);
      expect((error as Error).message).not.toMatch(/test-token|secret-global-key/);
      expect(api.attempts).toHaveLength(1);
      // The credentials did reach the API host, so the test would notice if they stopped being sent at all.
      expect(api.attempts[0]?.headers[apiKey ? "x-auth-key" : "authorization"]).toBeDefined();
    }
    expect(elsewhere.attempts).toEqual([]);
  });
});

describe("writes that are retried", () => {
  const body = {
    name: "Auditors ✓ — ünïcödé",
    policies: [{ access: "deny" as const, permission_groups: [{ id: GROUP }], resource_groups: [] }],
  };

  it("with retryNonIdempotent, a create re-sends the identical body after a reset and after a 503", async () => {
    const api = await serve((attempt, _req, res) =>
      attempt === 1 ? reset(res) : attempt === 2 ? unavailable(res) : succeed(res),
    );
    await expect(api.client({ retryNonIdempotent: true }).iam.userGroups.create(body)).resolves.toEqual(
      group(),
    );
    expect(
      api.attempts.map((attempt) => [attempt.method, attempt.body, attempt.headers["content-type"]]),
    ).toEqual(Array(3).fill(["POST", JSON.stringify(body), "application/json"]));
  });

  it("without it, a reset after the create was sent is not retried, and may have been applied", async () => {
    const api = await serve((_attempt, _req, res) => reset(res));
    const error = await api
      .client()
      .iam.userGroups.create(body)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(api.attempts).toHaveLength(1);
  });

  it("an adding POST is idempotent, so it re-sends the identical body after a reset and after a 503", async () => {
    const api = await serve((attempt, _req, res) =>
      attempt === 1 ? reset(res) : attempt === 2 ? unavailable(res) : json(res, 200, ok([{ id: MEMBER }])),
    );
    const members = [{ id: MEMBER }];
    await api.client().iam.userGroups.members.create(GROUP, { members });
    expect(api.attempts.map((attempt) => [attempt.method, attempt.body])).toEqual(
      Array(3).fill(["POST", JSON.stringify(members)]),
    );
  });

  // Fake timers, so only attempt 2 times out: attempts 1 and 3 have as long as a slow machine needs.
  it("a PUT re-sends the identical body after a reset mid-body and after a timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const delays = transportDelays();
    const api = await serve((attempt, _req, res) => {
      if (attempt === 1) resetMidBody(res);
      else if (attempt === 3) json(res, 200, ok([{ id: MEMBER }]));
      // Attempt 2 never answers, so it times out.
    });
    const members = [{ id: MEMBER }];
    const call = drive(
      api.client({ timeout: 300 }).iam.userGroups.members.update(GROUP, { members }),
      delays,
    );
    await call.fire(1); // attempt 1 was reset; the backoff ends
    await call.until(() => api.attempts.length === 2);
    await call.fire(2); // attempt 2 times out
    await call.fire(3); // the backoff ends
    const page = await call.promise;
    expect(page.result).toEqual([{ id: MEMBER }]);
    const { attemptTimeouts, backoffs } = schedule(delays);
    expect(attemptTimeouts).toEqual([300, 300, 300]);
    expectBackoff(backoffs[0], 0);
    expectBackoff(backoffs[1], 1);
    expect(api.attempts.map((attempt) => [attempt.method, attempt.body])).toEqual(
      Array(3).fill(["PUT", JSON.stringify(members)]),
    );
  });
});
