// Limits are checked, at construction for the client's and before sending for
// a call's: a number that is not a sensible limit would otherwise retry
// without end (maxRetries: NaN) or overflow Node's timer so every attempt
// times out at once (timeout: 2 ** 31). Long timeouts are honoured in full.

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionTimeoutError,
  APIError,
  CloudflareError,
  type RequestOptions,
  UserGroupsClient,
} from "../../src/index.js";
import { ACCOUNT, failure, GROUP, group, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A client whose fetch fails with a retryable 503 for the first `failures` requests, then answers a group. */
function flaky(failures = Number.POSITIVE_INFINITY) {
  const scripted = scriptedFetch((_, attempt) =>
    attempt <= failures
      ? Response.json(failure(1, "busy"), { status: 503, headers: { "retry-after-ms": "0" } })
      : Response.json(ok(group())),
  );
  return {
    ...scripted,
    client: new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch: scripted.fetch }),
  };
}

const notLimits: [string, unknown][] = [
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["a negative number", -5],
  ["a string", "2"],
  ["null-prototype object", Object.create(null)],
];

describe("a call's limits are checked before anything is sent", () => {
  it.each([
    ...notLimits.map(
      ([label, value]) => [`maxRetries: ${label}`, { maxRetries: value }, "maxRetries"] as const,
    ),
    ["maxRetries: 1.5", { maxRetries: 1.5 }, "maxRetries"],
    ...notLimits.map(([label, value]) => [`timeout: ${label}`, { timeout: value }, "timeout"] as const),
    ["timeout: 0", { timeout: 0 }, "timeout"],
    ["timeout: 0.5", { timeout: 0.5 }, "timeout"],
    ...notLimits.map(([label, value]) => [`maxPages: ${label}`, { maxPages: value }, "maxPages"] as const),
    ["maxPages: 0", { maxPages: 0 }, "maxPages"],
    ...notLimits.map(
      ([label, value]) =>
        [`maxResponseBytes: ${label}`, { maxResponseBytes: value }, "maxResponseBytes"] as const,
    ),
    ["maxResponseBytes: 0.5", { maxResponseBytes: 0.5 }, "maxResponseBytes"],
  ] as [string, object, string][])("%s", async (_, options, name) => {
    // Three failures then a success: without the check, maxRetries NaN would retry past them and resolve.
    const { client, requests } = flaky(3);
    const call = client.iam.userGroups.get(GROUP, {}, options as RequestOptions);
    await expect(call).rejects.toThrow(CloudflareError);
    await expect(call).rejects.not.toThrow(APIError);
    await expect(call).rejects.toThrow(new RegExp(`^\`${name}\` must be `));
    expect(requests).toHaveLength(0);
  });

  it.each([
    ["an object that is not a signal", { aborted: false }],
    ["a string", "abort"],
  ])("signal: %s", async (_, signal) => {
    const { client, requests } = flaky(0);
    const call = client.iam.userGroups.get(GROUP, {}, { signal: signal as never });
    await expect(call).rejects.toThrow(/^`signal` must be an AbortSignal\.$/);
    await expect(call).rejects.toBeInstanceOf(CloudflareError);
    expect(requests).toHaveLength(0);
  });

  it("list calls check them too, and the page promise rejects rather than throwing", async () => {
    const { client, requests } = flaky(0);
    const call = client.iam.userGroups.list({}, { maxRetries: Number.NaN });
    await expect(call).rejects.toThrow(/`maxRetries` must be/);
    const items: unknown[] = [];
    await expect(
      (async () => {
        for await (const item of client.iam.userGroups.list({}, { maxPages: -1 })) items.push(item);
      })(),
    ).rejects.toThrow(/`maxPages` must be/);
    expect(requests).toHaveLength(0);
  });

  it("left out or undefined, a limit falls back to the client's", async () => {
    const { client, requests } = flaky(1);
    await expect(
      client.iam.userGroups.get(GROUP, {}, { maxRetries: undefined, timeout: undefined }),
    ).resolves.toEqual(group());
    expect(requests).toHaveLength(2);
  });

  it("maxRetries: 0 per call means exactly one attempt", async () => {
    const { client, requests } = flaky();
    await expect(client.iam.userGroups.get(GROUP, {}, { maxRetries: 0 })).rejects.toThrow(/503/);
    expect(requests).toHaveLength(1);
  });
});

describe("the client's limits are checked at construction", () => {
  it.each([
    ...notLimits.flatMap(([label, value]) =>
      (["timeout", "maxRetries", "maxPages", "maxResponseBytes"] as const).map(
        (name) => [`${name}: ${label}`, { [name]: value }, name] as const,
      ),
    ),
  ])("%s", (_, options, name) => {
    expect(() => new UserGroupsClient({ apiToken: "t", ...options })).toThrow(CloudflareError);
    expect(() => new UserGroupsClient({ apiToken: "t", ...options })).toThrow(
      new RegExp(`^UserGroupsClient: \`${name}\` must be `),
    );
  });

  it("accepts the limits a careful user sets", () => {
    expect(
      () =>
        new UserGroupsClient({
          apiToken: "t",
          timeout: 2 ** 40,
          maxRetries: 0,
          maxPages: 1,
          maxResponseBytes: 1,
        }),
    ).not.toThrow();
  });
});

describe("abandoned attempts: without a signal of the caller's, a timed-out fetch is left, but its body never read", () => {
  /** A body that streams `first`, then nothing more, and records whether it was cancelled. */
  function trickle(first: string) {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(first));
      },
      cancel() {
        cancelled = true;
      },
    });
    return { body, cancelled: () => cancelled };
  }

  it("gives fetch no signal, and one when the call has a signal, which aborts it at the timeout", async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch(() => new Promise<Response>(() => {}));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      maxRetries: 0,
      timeout: 1_000,
    });
    const plain = client.iam.userGroups.get(GROUP).catch((error: unknown) => error);
    const controller = new AbortController();
    const abortable = client.iam.userGroups
      .get(GROUP, {}, { signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await plain).toBeInstanceOf(APIConnectionTimeoutError);
    expect(await abortable).toBeInstanceOf(APIConnectionTimeoutError);
    expect(requests.map((request) => request.signal.aborted)).toEqual([false, true]);
  });

  it("a body that stalls after the headers is cancelled at the timeout", async () => {
    vi.useFakeTimers();
    const stream = trickle('{"success":true,');
    const { fetch } = scriptedFetch(() => new Response(stream.body, { status: 200 }));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      maxRetries: 0,
      timeout: 1_000,
    });
    const call = client.iam.userGroups.get(GROUP).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(stream.cancelled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toBeInstanceOf(APIConnectionTimeoutError);
    expect(stream.cancelled()).toBe(true);
  });

  it("an answer that comes after the timeout has its body cancelled, unread, and changes nothing", async () => {
    vi.useFakeTimers();
    const stream = trickle(JSON.stringify(ok(group())));
    const { fetch } = scriptedFetch(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(stream.body)), 5_000)),
    );
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      maxRetries: 0,
      timeout: 1_000,
    });
    const call = client.iam.userGroups.get(GROUP).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await call).toBeInstanceOf(APIConnectionTimeoutError);
    expect(stream.cancelled()).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(stream.cancelled()).toBe(true);
  });
});

describe("timeouts longer than setTimeout's 2³¹−1 ms are honoured in full (fake timers)", () => {
  /** A call whose fetch never answers, so only the timeout can end it. */
  function stalled(options: { clientTimeout?: number; callTimeout?: number; signal?: AbortSignal }) {
    const scripted = scriptedFetch(() => new Promise<Response>(() => {}));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      maxRetries: 0,
      fetch: scripted.fetch,
      ...(options.clientTimeout === undefined ? {} : { timeout: options.clientTimeout }),
    });
    let settled: unknown;
    const call = client.iam.userGroups.get(
      GROUP,
      {},
      { timeout: options.callTimeout, signal: options.signal },
    );
    call.then(
      () => {
        settled = "resolved";
      },
      (error: unknown) => {
        settled = error;
      },
    );
    return { ...scripted, settled: () => settled };
  }

  it.each<[string, { clientTimeout?: number; callTimeout?: number; signal?: AbortSignal }]>([
    ["per call", { callTimeout: 2 ** 31 }],
    ["on the client", { clientTimeout: 2 ** 31 }],
    [
      "with a signal of the caller's, which makes the fetch abortable",
      { callTimeout: 2 ** 31, signal: new AbortController().signal },
    ],
  ])("2³¹ ms %s: still waiting after 2³¹−2 ms, a timeout after 2³¹ ms", async (_, options) => {
    vi.useFakeTimers();
    const call = stalled(options);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 2);
    expect(call.requests).toHaveLength(1);
    expect(call.requests[0]?.signal.aborted).toBe(false);
    expect(call.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2);
    // The fetch itself is aborted only when the call had a signal (see "abandoned attempts" below).
    expect(call.requests[0]?.signal.aborted).toBe(options.signal !== undefined);
    expect(call.settled()).toBeInstanceOf(APIConnectionTimeoutError);
    expect((call.settled() as Error).message).toContain(`Request timed out after ${2 ** 31} ms.`);
  });

  it("Number.MAX_SAFE_INTEGER ms is still running after 2³³ ms", async () => {
    vi.useFakeTimers();
    const call = stalled({ callTimeout: Number.MAX_SAFE_INTEGER, signal: new AbortController().signal });
    for (let step = 0; step < 4; step++) await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(call.requests[0]?.signal.aborted).toBe(false);
    expect(call.settled()).toBeUndefined();
  });

  it("2³¹−1 ms, the longest single timer, fires on time", async () => {
    vi.useFakeTimers();
    const call = stalled({ callTimeout: 2 ** 31 - 1 });
    await vi.advanceTimersByTimeAsync(2 ** 31 - 2);
    expect(call.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(call.settled()).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("a short timeout still fires when it should, and leaves no timer behind once answered", async () => {
    vi.useFakeTimers();
    const call = stalled({ callTimeout: 50 });
    await vi.advanceTimersByTimeAsync(49);
    expect(call.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(call.settled()).toBeInstanceOf(APIConnectionTimeoutError);
    const { client } = flaky(0);
    await client.iam.userGroups.get(GROUP, {}, { timeout: 2 ** 35 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
