import {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
  RateLimitError,
  UserGroupsClient,
} from "@cf-user-groups/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordRequestedDelays, waitUntil } from "../../../../scripts/lib/timers.js";
import { ErrorCodes } from "../../src/index.js";
import { ACCOUNT, TOKEN, useMockedApi } from "../support/api.js";

const { mock, groups } = useMockedApi({ groups: [{ name: "Auditors" }] });
const patient = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 3 }).iam.userGroups;
const sources = () => mock.requests.map((request) => [request.source, request.status]);

// What the code asked setTimeout for, rather than how long it took on a machine that may be busy.
/** The delays the fake's code waits before answering (mock.delay). */
const fakeDelays = () => recordRequestedDelays(/\/packages\/testing\/src\//);
/**
 * The client's timers: each attempt's timeout, and the wait before each retry. Its built
 * dist/ may show in stack traces as src/, through the source maps.
 */
const clientDelays = () => recordRequestedDelays(/\/packages\/client\/(src|dist)\//);

afterEach(() => {
  vi.useRealTimers();
});

describe("mock.fail", () => {
  it("fails the next request with a 500 error envelope by default, then works again", async () => {
    mock.fail("listUserGroups");
    const error = await groups.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).errors).toEqual([
      { code: ErrorCodes.INJECTED_FAILURE, message: "Injected failure" },
    ]);
    expect((await groups.list()).result).toHaveLength(1);
    expect(sources()).toEqual([
      ["fault", 500],
      ["fake", 200],
    ]);
  });

  it("a 429 with Retry-After, twice, is ridden out by the client's retries", async () => {
    mock.fail("listUserGroups", { status: 429, retryAfter: 0, times: 2 });
    const { data, response } = await patient.list().withResponse();
    expect(data.result).toHaveLength(1);
    expect(response.status).toBe(200);
    expect(sources()).toEqual([
      ["fault", 429],
      ["fault", 429],
      ["fake", 200],
    ]);
  });

  it("sends Retry-After and the given errors", async () => {
    mock.fail("getUserGroup", {
      status: 429,
      retryAfter: 7,
      errors: [{ code: 10429, message: "slow down" }],
    });
    const response = await mock.fetch(
      `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups/${"a".repeat(32)}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({
      success: false,
      errors: [{ code: 10429, message: "slow down" }],
      messages: [],
      result: null,
    });
  });

  it("with more failures than retries, the client gives up with the last one", async () => {
    mock.fail("listUserGroups", { status: 429, retryAfter: 0, times: 10 });
    await expect(patient.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(mock.requests).toHaveLength(4);
  });

  it('"*" fails whatever comes next, and only for the given number of times', async () => {
    mock.fail("*", { status: 503, times: 2 });
    await expect(groups.create({ name: "x" })).rejects.toBeInstanceOf(InternalServerError);
    await expect(groups.list()).rejects.toBeInstanceOf(InternalServerError);
    expect((await groups.list()).result).toHaveLength(1);
  });

  it("a failed write changes nothing", async () => {
    const before = mock.store.snapshot();
    mock.fail("createUserGroup", { status: 500 });
    await expect(groups.create({ name: "never stored" })).rejects.toBeInstanceOf(InternalServerError);
    expect(mock.store.snapshot()).toEqual(before);
  });

  it("refuses options that cannot describe a failure", () => {
    expect(() => mock.fail("listUserGroups", { status: 200 })).toThrow(/HTTP error status/);
    expect(() => mock.fail("listUserGroups", { errors: [] })).toThrow(/at least one entry/);
    expect(() => mock.fail("listUserGroups", { times: 0 })).toThrow(/whole number above 0/);
  });
});

describe("mock.networkError", () => {
  it("drops the connection: fetch rejects with a TypeError", async () => {
    mock.networkError("listUserGroups");
    await expect(
      mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`),
    ).rejects.toBeInstanceOf(TypeError);
    expect(sources()).toEqual([["fault", "network-error"]]);
  });

  it("through MSW, the client sees a connection error, and retries past it", async () => {
    mock.networkError("listUserGroups", { times: 2 });
    const quick = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0 });
    await expect(quick.iam.userGroups.list()).rejects.toBeInstanceOf(APIConnectionError);
    // One network error left: a client with retries gets through.
    const once = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 1, timeout: 9_000 });
    const delays = clientDelays();
    expect((await once.iam.userGroups.list()).result).toHaveLength(1);
    // Two attempts, with the first retry's backoff between them: 0.5 s less up to 25% jitter.
    expect(delays).toEqual([9_000, expect.any(Number), 9_000]);
    expect(delays[1]).toBeGreaterThanOrEqual(375);
    expect(delays[1]).toBeLessThanOrEqual(500);
    expect(sources()).toEqual([
      ["fault", "network-error"],
      ["fault", "network-error"],
      ["fake", 200],
    ]);
  });
});

describe("mock.delay", () => {
  it("delays requests to one operation, or all with *", async () => {
    const delays = fakeDelays();
    const id = mock.store.listUserGroups()[0]?.id as string;
    mock.delay("listUserGroups", 80);
    let start = performance.now();
    await groups.list();
    expect(delays).toEqual([80]);
    // The timer is real, so the wait really happened (less a millisecond of timer rounding).
    expect(performance.now() - start).toBeGreaterThanOrEqual(79);
    await groups.get(id);
    expect(delays, "another operation waits for nothing").toEqual([80]);
    mock.delay("*", 60);
    start = performance.now();
    await groups.get(id);
    expect(delays).toEqual([80, 60]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(59);
  });

  it("a delay longer than the client's timeout is a timeout", async () => {
    mock.delay("listUserGroups", 1_000);
    const hasty = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0, timeout: 50 });
    await expect(hasty.iam.userGroups.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("an aborted request stops waiting at once", async () => {
    // Fake timers that never move: the delay cannot run out, so only the abort can end the wait.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const delays = fakeDelays();
    mock.delay("*", 10_000);
    const controller = new AbortController();
    const pending = mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    const failure = pending.then(
      () => expect.unreachable("expected the aborted request to fail"),
      (error: unknown) => error,
    );
    await waitUntil(() => delays.length === 1);
    expect(vi.getTimerCount(), "the fake is waiting out its delay").toBe(1);
    controller.abort();
    // The fake clock stops short of the delay: if the request has ended, the abort ended it.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(vi.getTimerCount(), "the delay's timer is cleared").toBe(0);
    expect(mock.requests.map((request) => request.status)).toEqual(["aborted"]);
    expect(await failure).toMatchObject({ name: "AbortError" });
  });

  it("0 removes a delay, and reset() removes all faults and delays", async () => {
    mock.delay("*", 5_000);
    mock.delay("*", 0);
    mock.fail("*", { times: 5 });
    mock.reset();
    const delays = fakeDelays();
    expect((await groups.list()).result).toHaveLength(1);
    expect(delays, "no delay is left").toEqual([]);
    expect(() => mock.delay("*", -1)).toThrow(/number of milliseconds from 0/);
  });
});
