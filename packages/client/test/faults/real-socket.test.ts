// The client against a real node:http server on 127.0.0.1 that misbehaves on
// purpose, through Node's own fetch: what MSW cannot fake (a TCP reset, a
// body cut short, headers that never come, a redirect to another host).
// Each case asserts how many attempts reached the server, the gaps between
// them, the error thrown, and what each attempt carried.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
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
  /** When it arrived: `Date.now()`, so fake timers move it too. */
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
    client: ({ maxRetries = 2, timeout = 10_000, apiKey = false, retryNonIdempotent = false } = {}) =>
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
/** Headers and half of a 200 body, then a reset. */
const resetMidBody = (res: ServerResponse) => {
  const text = JSON.stringify(ok(group()));
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.write(text.slice(0, text.length / 2), () => setTimeout(() => reset(res), 20));
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

// Backoff without retry-after is min(0.5 · 2^n, 8) s less up to 25% jitter; the slack absorbs a loaded CI machine.
const SLACK = 400;

/** Two attempts with the first retry's backoff, 375–500 ms, between them. */
function expectOneBackoff(attempts: Attempt[]) {
  expect(attempts).toHaveLength(2);
  expect(gaps(attempts)[0]).toBeGreaterThanOrEqual(375);
  expect(gaps(attempts)[0]).toBeLessThan(500 + SLACK);
}

describe("connection resets", () => {
  it("a reset before any headers is retried, and the next attempt's answer is used", async () => {
    const api = await serve((attempt, _req, res) => (attempt === 1 ? reset(res) : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expectOneBackoff(api.attempts);
  });

  it("resets on every attempt end in APIConnectionError after maxRetries + 1 attempts, with the cause", async () => {
    const api = await serve((_attempt, _req, res) => reset(res));
    const error = await rejectionOf(api.client({ maxRetries: 2 }).iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(api.attempts).toHaveLength(3);
    const [first, second] = gaps(api.attempts) as [number, number];
    expect(first).toBeGreaterThanOrEqual(375);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(first + second).toBeLessThan(1500 + SLACK);
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
  it("headers that never come time out each attempt, and end in APIConnectionTimeoutError", async () => {
    const api = await serve(() => {
      // Never answer.
    });
    const started = Date.now();
    const error = await rejectionOf(api.client({ maxRetries: 1, timeout: 300 }).iam.userGroups.get(GROUP));
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toContain("Request timed out after 300 ms.");
    expect(api.attempts).toHaveLength(2);
    // Two timeouts and one backoff of 375–500 ms.
    expect(took).toBeGreaterThanOrEqual(2 * 300 + 375);
    expect(took).toBeLessThan(2 * 300 + 500 + SLACK);
  });
});

describe("statuses", () => {
  it("503 then success: two attempts, one backoff", async () => {
    const api = await serve((attempt, _req, res) => (attempt === 1 ? unavailable(res) : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expectOneBackoff(api.attempts);
  });

  it("503 with x-should-retry: false is an InternalServerError on the first attempt", async () => {
    const api = await serve((_attempt, _req, res) => unavailable(res, { "x-should-retry": "false" }));
    const error = await rejectionOf(api.client().iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, errors: [{ code: 10000, message: "try later" }] });
    expect(api.attempts).toHaveLength(1);
  });

  it("429 with retry-after: 0 is retried at once", async () => {
    const api = await serve((attempt, _req, res) => (attempt === 1 ? rateLimited(res, "0") : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
    expect(gaps(api.attempts)[0]).toBeLessThan(SLACK);
  });

  it("429 with retry-after: 1 waits one second", async () => {
    const api = await serve((attempt, _req, res) => (attempt === 1 ? rateLimited(res, "1") : succeed(res)));
    await expect(api.client().iam.userGroups.get(GROUP)).resolves.toEqual(group());
    expect(api.attempts).toHaveLength(2);
    expect(gaps(api.attempts)[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps(api.attempts)[0]).toBeLessThan(1000 + SLACK);
  });

  it("429 on every attempt ends in RateLimitError after three attempts", async () => {
    const api = await serve((_attempt, _req, res) => rateLimited(res, "0"));
    const error = await rejectionOf(api.client().iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(api.attempts).toHaveLength(3);
  });

  it("429 with retry-after as an HTTP date 30 s ahead waits until then (fake clock, real socket)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const api = await serve((attempt, _req, res) =>
      attempt === 1 ? rateLimited(res, new Date(Date.now() + 30_000).toUTCString()) : succeed(res),
    );
    const call = api.client().iam.userGroups.get(GROUP);
    const settled = call.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    let done = false;
    void settled.then(() => {
      done = true;
    });
    // Move the fake clock in 250 ms steps, letting real socket I/O run between them.
    for (let step = 0; step < 200 && !done; step++) {
      await realTurns(5);
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(await settled).toEqual({ value: group() });
    expect(api.attempts).toHaveLength(2);
    // An HTTP date has whole seconds, so the wait is between 29 and 30 s; steps add at most 250 ms each side.
    expect(gaps(api.attempts)[0]).toBeGreaterThanOrEqual(29_000 - 250);
    expect(gaps(api.attempts)[0]).toBeLessThanOrEqual(30_000 + 500);
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

  it("a PUT re-sends the identical body after a reset mid-body and after a timeout", async () => {
    const api = await serve((attempt, _req, res) => {
      if (attempt === 1) resetMidBody(res);
      else if (attempt === 3) json(res, 200, ok([{ id: MEMBER }]));
      // Attempt 2 never answers, so it times out.
    });
    const members = [{ id: MEMBER }];
    const page = await api.client({ timeout: 300 }).iam.userGroups.members.update(GROUP, { members });
    expect(page.result).toEqual([{ id: MEMBER }]);
    expect(api.attempts.map((attempt) => [attempt.method, attempt.body])).toEqual(
      Array(3).fill(["PUT", JSON.stringify(members)]),
    );
  });
});

/** Lets the real event loop run a few times, so socket I/O progresses while timers are fake. */
async function realTurns(count: number) {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}
