import { getEventListeners } from "node:events";
import { delay } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  UserGroupsClient,
} from "../../src/index.js";
import { MAX_RETRY_AFTER_MS, notSent, retryDelay } from "../../src/retry-policy.js";
import {
  ACCOUNT,
  failure,
  GROUP,
  group,
  HttpResponse,
  ok,
  TOKEN,
  useMockServer,
} from "../support/mock-api.js";

const { server, seen, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT });
const get = (options?: Parameters<typeof client.iam.userGroups.get>[2]) =>
  client.iam.userGroups.get(GROUP, {}, options);

/** Fails with `status` (and `headers`) for the first `times` requests, then succeeds. */
const failThenSucceed = (times: number, status: number, headers: Record<string, string> = {}) =>
  answer((_, attempt) =>
    attempt <= times
      ? HttpResponse.json(failure(10001, "try again"), { status, headers })
      : HttpResponse.json(ok(group())),
  );

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Settles `promise` while advancing fake time in steps, like a patient event loop. */
async function settle<T>(promise: Promise<T>, ms = 120_000): Promise<PromiseSettledResult<T>> {
  const settled = Promise.allSettled([promise]);
  for (let elapsed = 0; elapsed < ms; elapsed += 250) await vi.advanceTimersByTimeAsync(250);
  const [result] = await settled;
  return result as PromiseSettledResult<T>;
}

describe("what is retried", () => {
  it.each([408, 409, 429, 500, 502, 503, 504])("%i is retried, then succeeds", async (status) => {
    server.use(failThenSucceed(2, status));
    const result = await settle(get());
    expect(result).toMatchObject({ status: "fulfilled", value: group() });
    expect(seen).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 422])("%i is not retried", async (status) => {
    server.use(failThenSucceed(1, status));
    const result = await settle(get());
    expect(result.status).toBe("rejected");
    expect(seen).toHaveLength(1);
  });

  it("499 (a client that closed the request, not a server error) is a plain APIError: not retried, nothing applied", async () => {
    server.use(failThenSucceed(1, 499));
    const result = await settle(client.iam.userGroups.update(GROUP, { name: "Renamed" }));
    const reason = result.status === "rejected" ? result.reason : undefined;
    expect(reason).toBeInstanceOf(APIError);
    expect(reason).not.toBeInstanceOf(InternalServerError);
    expect(reason).toMatchObject({ status: 499, mayHaveBeenApplied: false });
    expect(seen).toHaveLength(1);
  });

  it("x-should-retry: true does not turn a success or a redirect into a retry", async () => {
    server.use(answer(() => HttpResponse.json(ok(group()), { headers: { "x-should-retry": "true" } })));
    expect(await settle(get())).toMatchObject({ status: "fulfilled", value: group() });
    expect(seen).toHaveLength(1);
    seen.length = 0;
    server.use(
      answer(
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: "https://elsewhere.example/", "x-should-retry": "true" },
          }),
      ),
    );
    expect((await settle(get())).status).toBe("rejected");
    expect(seen).toHaveLength(1);
  });

  it.each([
    ["ECONNREFUSED", true],
    ["ENOTFOUND", true],
    ["EAI_AGAIN", true],
    ["ENETUNREACH", true],
    ["EHOSTUNREACH", true],
    ["UND_ERR_CONNECT_TIMEOUT", true],
    ["ECONNRESET", false],
    ["EPIPE", false],
    ["UND_ERR_SOCKET", false],
    ["ECONNREFUSED_AFTER_WRITE", false],
    ["XECONNREFUSED", false],
    [undefined, false],
  ])("a fetch failure whose cause has code %s proves the request was never sent: %s", (code, proven) => {
    expect(notSent(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code }) }))).toBe(
      proven,
    );
  });

  it("gives up after maxRetries (default 2: three attempts) with the last error", async () => {
    server.use(failThenSucceed(99, 503));
    const result = await settle(get());
    expect(result.status === "rejected" && result.reason).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(3);
  });

  it("honours maxRetries per client and per call", async () => {
    server.use(failThenSucceed(99, 503));
    const patient = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 4 });
    await settle(patient.iam.userGroups.get(GROUP));
    expect(seen).toHaveLength(5);
    seen.length = 0;
    await settle(patient.iam.userGroups.get(GROUP, {}, { maxRetries: 0 }));
    expect(seen).toHaveLength(1);
  });

  it("obeys x-should-retry: false on a retryable status, and true on another", async () => {
    server.use(failThenSucceed(1, 503, { "x-should-retry": "false" }));
    expect((await settle(get())).status).toBe("rejected");
    expect(seen).toHaveLength(1);
    seen.length = 0;
    server.use(failThenSucceed(1, 400, { "x-should-retry": "true" }));
    expect((await settle(get())).status).toBe("fulfilled");
    expect(seen).toHaveLength(2);
  });

  it("retries connection errors, then throws APIConnectionError with the cause", async () => {
    server.use(answer(() => HttpResponse.error()));
    const result = await settle(get());
    const reason = result.status === "rejected" ? result.reason : undefined;
    expect(reason).toBeInstanceOf(APIConnectionError);
    expect(reason).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((reason as Error).cause).toBeInstanceOf(Error);
    expect(seen).toHaveLength(3);
  });

  it("re-sends the identical body on every attempt of a POST and a PUT", async () => {
    server.use(failThenSucceed(2, 500));
    const body = {
      name: "Auditors ✓",
      policies: [{ access: "deny" as const, permission_groups: [], resource_groups: [] }],
    };
    await settle(client.iam.userGroups.create(body, { retryNonIdempotent: true }));
    server.use(
      answer((_, attempt) =>
        attempt <= 5 ? HttpResponse.json({}, { status: 502 }) : HttpResponse.json(ok([])),
      ),
    );
    await settle(client.iam.userGroups.members.update(GROUP, { members: [{ id: GROUP }] }));
    expect(seen.map((request) => request.method)).toEqual(["POST", "POST", "POST", "PUT", "PUT", "PUT"]);
    expect(new Set(seen.slice(0, 3).map((request) => request.body))).toEqual(new Set([JSON.stringify(body)]));
    expect(new Set(seen.slice(3).map((request) => request.body))).toEqual(
      new Set([JSON.stringify([{ id: GROUP }])]),
    );
  });
});

describe("when to retry", () => {
  /** Starts `get()` and returns how many requests had been made after each of `checkpoints` ms. */
  async function requestsAt(checkpoints: number[]): Promise<number[]> {
    const pending = get().then(
      () => undefined,
      () => undefined,
    );
    const counts: number[] = [];
    let now = 0;
    for (const checkpoint of checkpoints) {
      await vi.advanceTimersByTimeAsync(checkpoint - now);
      now = checkpoint;
      counts.push(seen.length);
    }
    await vi.advanceTimersByTimeAsync(MAX_RETRY_AFTER_MS * 3);
    await pending;
    return counts;
  }

  it("waits retry-after seconds", async () => {
    server.use(failThenSucceed(1, 429, { "retry-after": "2" }));
    expect(await requestsAt([1, 1999, 2001])).toEqual([1, 1, 2]);
  });

  it("waits retry-after-ms milliseconds, in preference to retry-after", async () => {
    server.use(failThenSucceed(1, 429, { "retry-after-ms": "150", "retry-after": "30" }));
    expect(await requestsAt([1, 149, 151])).toEqual([1, 1, 2]);
  });

  it("waits until a retry-after HTTP date", async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    server.use(failThenSucceed(1, 503, { "retry-after": at }));
    expect(await requestsAt([1, 3_900, 5_100])).toEqual([1, 1, 2]);
  });

  it("caps retry-after at 60 seconds", async () => {
    server.use(failThenSucceed(1, 429, { "retry-after": "3600" }));
    expect(await requestsAt([1, 59_999, 60_001])).toEqual([1, 1, 2]);
  });

  it.each([
    ["no jitter", 0, [1, 499, 501, 1499, 1501], [1, 1, 2, 2, 3]],
    ["the most jitter", 1, [1, 374, 376, 1124, 1126], [1, 1, 2, 2, 3]],
  ])(
    "without a header, backs off 0.5 s then 1 s, less up to 25%% jitter (%s)",
    async (_, random, at, counts) => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      server.use(failThenSucceed(2, 500));
      expect(await requestsAt(at)).toEqual(counts);
      vi.mocked(Math.random).mockRestore();
    },
  );

  it("computes min(0.5 · 2^n, 8) seconds times a jitter of 0.75 to 1", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, undefined, undefined, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(retryDelay(0, undefined, undefined, () => 1)).toBe(375);
    expect(retryDelay(3, new Headers({ "retry-after": "-5" }))).toBe(0);
    expect(retryDelay(0, new Headers({ "retry-after": "soon" }), undefined, () => 0)).toBe(500);
  });

  it("a body's retry_after counts only above 0: otherwise the backoff", () => {
    expect(retryDelay(0, undefined, { retry_after: 2 }, () => 0)).toBe(2000);
    expect(retryDelay(0, undefined, { retry_after: 0 }, () => 0)).toBe(500);
    expect(retryDelay(0, undefined, { retry_after: -3 }, () => 0)).toBe(500);
  });

  it("a retried 5xx's body is never read, so its retry_after is not obeyed: only a 429's is", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    server.use(
      answer((_, attempt) =>
        attempt <= 2
          ? HttpResponse.json({ ...failure(10001, "later"), retry_after: 30 }, { status: 503 })
          : HttpResponse.json(ok(group())),
      ),
    );
    expect(await requestsAt([1, 501, 1501])).toEqual([1, 2, 3]);
    vi.mocked(Math.random).mockRestore();
  });
});

describe("timeouts", () => {
  it("aborts an attempt that takes longer than timeout, retries it, then throws APIConnectionTimeoutError", async () => {
    server.use(
      answer(async () => {
        await delay("infinite");
        return HttpResponse.json(ok(group()));
      }),
    );
    const result = await settle(get({ timeout: 1_000 }));
    const reason = result.status === "rejected" ? result.reason : undefined;
    expect(reason).toBeInstanceOf(APIConnectionTimeoutError);
    expect((reason as Error).message).toMatch(/timed out after 1000 ms/);
    expect(seen).toHaveLength(3);
  });

  it("applies timeout per attempt, not to the whole call", async () => {
    server.use(
      answer(async (_, attempt) => {
        await delay(attempt === 1 ? 900 : 10);
        return attempt === 1
          ? HttpResponse.json({}, { status: 503, headers: { "retry-after": "1" } })
          : HttpResponse.json(ok(group()));
      }),
    );
    const result = await settle(get({ timeout: 1_000 }));
    expect(result.status).toBe("fulfilled");
    expect(seen).toHaveLength(2);
  });
});

describe("abort", () => {
  it("an already aborted signal rejects at once and sends nothing", async () => {
    server.use(failThenSucceed(0, 200));
    const result = await settle(get({ signal: AbortSignal.abort() }), 0);
    expect(result.status === "rejected" && result.reason).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(0);
  });

  it("aborting during a request rejects with APIUserAbortError and does not retry", async () => {
    server.use(
      answer(async () => {
        await delay("infinite");
        return HttpResponse.json(ok(group()));
      }),
    );
    const controller = new AbortController();
    const pending = Promise.allSettled([get({ signal: controller.signal })]);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const [result] = await pending;
    expect(result?.status === "rejected" && result.reason).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
  });

  it("aborting during the wait before a retry rejects at once", async () => {
    server.use(failThenSucceed(1, 429, { "retry-after": "30" }));
    const controller = new AbortController();
    const pending = Promise.allSettled([get({ signal: controller.signal })]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(1);
    controller.abort(new Error("user gave up"));
    // No timer needs to fire for the rejection: it happens on the abort itself.
    const [result] = await pending;
    expect(result?.status === "rejected" && result.reason).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
  });

  it("an abort that lands while a response is read stops the call before the wait for a retry", async () => {
    const controller = new AbortController();
    // A 429's body is read (for its retry_after); the caller gives up while it arrives.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(stream) {
          controller.abort();
          stream.enqueue(new TextEncoder().encode(JSON.stringify(failure(971, "slow down"))));
          stream.close();
        },
      },
      // Pulled only when read, not as soon as it is made.
      { highWaterMark: 0 },
    );
    const patient = new UserGroupsClient({
      apiToken: TOKEN,
      accountId: ACCOUNT,
      fetch: async () => new Response(body, { status: 429 }),
    });
    let outcome: unknown;
    patient.iam.userGroups.get(GROUP, {}, { signal: controller.signal }).then(
      () => (outcome = "resolved"),
      (error: unknown) => (outcome = error),
    );
    // The backoff would be 375 ms at least; the call is over long before.
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(APIUserAbortError);
    expect((outcome as Error).message).toBe(
      `GET /accounts/${ACCOUNT}/iam/user_groups/${GROUP}: Request was aborted.`,
    );
  });

  it.each([
    ["succeeds after a retry", 1, 503],
    ["fails for good", 99, 400],
  ])("a call that %s leaves no listener on the caller's signal", async (_, failures, status) => {
    server.use(failThenSucceed(failures, status));
    const controller = new AbortController();
    await settle(get({ signal: controller.signal }));
    expect(seen.length).toBeGreaterThan(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a call aborted during the wait before a retry leaves no listener on the caller's signal", async () => {
    server.use(failThenSucceed(1, 429, { "retry-after": "30" }));
    const controller = new AbortController();
    const pending = Promise.allSettled([get({ signal: controller.signal })]);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    await pending;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("errors are final when not retryable", () => {
  it("a 400 is a BadRequestError on the first attempt", async () => {
    server.use(answer(() => HttpResponse.json(failure(7003, "No route for the URI"), { status: 400 })));
    const result = await settle(get());
    expect(result.status === "rejected" && result.reason).toBeInstanceOf(BadRequestError);
  });
});
