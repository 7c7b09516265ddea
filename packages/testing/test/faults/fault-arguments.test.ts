import { afterEach, describe, expect, it, vi } from "vitest";
import { createUserGroupsMock, type FailOptions, type OperationTarget } from "../../src/index.js";
import { ACCOUNT, TOKEN } from "../support/api.js";

const LIST = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`;
const list = (mock: ReturnType<typeof createUserGroupsMock>) =>
  mock.fetch(LIST, { headers: { authorization: `Bearer ${TOKEN}` } });

afterEach(() => {
  vi.useRealTimers();
});

describe("fault arguments are checked when given, and a refused one changes nothing", () => {
  it.each([
    ["a delay past a timer's limit", (mock) => mock.delay("*", 2 ** 31), /from 0 to 2147483647/],
    ["a negative delay", (mock) => mock.delay("*", -5), /from 0 to 2147483647/],
    ["a NaN delay", (mock) => mock.delay("listUserGroups", Number.NaN), /got NaN/],
    [
      "an unknown operation",
      (mock) => mock.delay("listGroups" as OperationTarget, 5),
      /operationId or "\*", got "listGroups"/,
    ],
    [
      "retryAfter NaN",
      (mock) => mock.fail("*", { retryAfter: Number.NaN }),
      /`retryAfter` must be a whole number of seconds/,
    ],
    ["retryAfter -1", (mock) => mock.fail("*", { retryAfter: -1 }), /`retryAfter`/],
    ["a 200 status", (mock) => mock.fail("*", { status: 200 }), /400 to 599, got 200/],
    ["a 399 status", (mock) => mock.fail("*", { status: 399 }), /400 to 599, got 399/],
    ["a 600 status", (mock) => mock.fail("*", { status: 600 }), /400 to 599, got 600/],
    ["a delay that is a string", (mock) => mock.delay("*", "5" as never), /milliseconds from 0/],
    [
      "a quirk's retryAfter -1",
      (mock) => mock.rateLimitQuirk("*", { quirk: "null-body", retryAfter: -1 }),
      /^`retryAfter` must be a whole number of seconds, 0 or more, got -1\.$/,
    ],
    [
      "an error code the spec does not allow, in the eleventh entry",
      (mock) =>
        mock.fail("*", {
          errors: [
            ...Array.from({ length: 10 }, (_, i) => ({ code: 1000, message: `x${i}` })),
            { code: 0, message: "x" },
          ],
        }),
      /^`errors\[10\]\.code` must be >= 1/,
    ],
    [
      "an operation that does not exist, listing those that do",
      (mock) => mock.fail("getGroup" as OperationTarget),
      /, got "getGroup" \(operations: listUserGroups, createUserGroup, listUserGroupMembers, .*, deleteUserGroup\)\.$/,
    ],
    ["no errors", (mock) => mock.fail("*", { errors: [] }), /at least one entry/],
    [
      "the same error twice",
      (mock) =>
        mock.fail("*", {
          errors: [
            { code: 1000, message: "x" },
            { code: 1000, message: "x" },
          ],
        }),
      /^`errors` must NOT have duplicate items/,
    ],
    [
      "an error code the spec does not allow",
      (mock) => mock.fail("*", { errors: [{ code: 0, message: "x" }] }),
      /`errors\[0\].code` must be >= 1/,
    ],
    [
      "an error without a message",
      (mock) => mock.fail("*", { errors: [{ code: 1000 }] } as unknown as FailOptions),
      /`errors\[0\]` must have required property 'message'/,
    ],
    ["times 0", (mock) => mock.fail("*", { times: 0 }), /`times` must be a whole number above 0, got 0/],
    ["times Infinity", (mock) => mock.networkError("*", { times: Number.POSITIVE_INFINITY }), /got Infinity/],
  ] satisfies [string, (mock: ReturnType<typeof createUserGroupsMock>) => void, RegExp][])(
    "refuses %s",
    async (_, inject, message) => {
      const mock = createUserGroupsMock();
      expect(() => inject(mock)).toThrow(TypeError);
      expect(() => inject(mock)).toThrow(message);
      // Nothing was injected: the next request is answered at once, and by the fake.
      vi.useFakeTimers();
      const response = await list(mock);
      expect(response.status).toBe(200);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(mock.requests.map((request) => request.source)).toEqual(["fake"]);
    },
  );
});

describe("fault arguments at the edges are accepted", () => {
  it.each([400, 599])("a %i status", async (status) => {
    const mock = createUserGroupsMock();
    mock.fail("*", { status });
    const response = await list(mock);
    expect(response.status).toBe(status);
    // No retryAfter given: no retry-after sent.
    expect(response.headers.get("retry-after")).toBeNull();
  });

  it("a quirk's retryAfter of 0", async () => {
    const mock = createUserGroupsMock();
    mock.rateLimitQuirk("*", { quirk: "retry-after-in-body", retryAfter: 0 });
    const response = await list(mock);
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ retry_after: 0 });
  });

  it("a fault for one operation leaves the others alone", async () => {
    const mock = createUserGroupsMock();
    mock.fail("getUserGroup", { status: 503 });
    expect((await list(mock)).status).toBe(200);
    expect(mock.requests.map((request) => request.source)).toEqual(["fake"]);
  });
});

describe("mock.delay, in controlled time", () => {
  /** Whether `promise` has settled once every pending timer and microtask up to `ms` from now has run. */
  async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await vi.advanceTimersByTimeAsync(ms);
    return settled;
  }

  it("holds a request for exactly the delay", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    mock.delay("listUserGroups", 60_000);
    const pending = list(mock);
    expect(await settledWithin(pending, 59_999)).toBe(false);
    expect(await settledWithin(pending, 1)).toBe(true);
    expect((await pending).status).toBe(200);
  });

  it("0 removes a delay on its own, without a reset", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    mock.delay("listUserGroups", 60_000);
    mock.delay("listUserGroups", 0);
    expect(await settledWithin(list(mock), 0)).toBe(true);
    mock.delay("*", 60_000);
    mock.delay("*", 0);
    expect(await settledWithin(list(mock), 0)).toBe(true);
  });

  it("0 removes only that delay: one for every operation applies again", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    mock.delay("*", 60_000);
    mock.delay("listUserGroups", 5_000);
    mock.delay("listUserGroups", 0);
    const pending = list(mock);
    expect(await settledWithin(pending, 59_999)).toBe(false);
    expect(await settledWithin(pending, 1)).toBe(true);
  });

  it("clearFaults({ accountId }) drops that account's delays, and only those", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    mock.delay("*", 60_000, { accountId: ACCOUNT });
    mock.delay("listUserGroups", 30_000, { accountId: ACCOUNT });
    mock.delay("*", 5_000);
    mock.clearFaults({ accountId: ACCOUNT });
    const pending = list(mock);
    expect(await settledWithin(pending, 4_999)).toBe(false);
    expect(await settledWithin(pending, 1)).toBe(true);
  });

  it("accepts the longest delay a timer can wait, and holds the request that long", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    mock.delay("*", 2 ** 31 - 1);
    const pending = list(mock);
    expect(await settledWithin(pending, 2 ** 31 - 2)).toBe(false);
    expect(await settledWithin(pending, 1)).toBe(true);
  });
});

describe("mock.networkError({ afterApply: true })", () => {
  it("applies the write, then drops the answer: the store changed, the caller never hears", async () => {
    const mock = createUserGroupsMock();
    mock.networkError("createUserGroup", { afterApply: true });
    await expect(
      mock.fetch(LIST, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Applied" }),
      }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(mock.store.listUserGroups().map((group) => group.name)).toEqual(["Applied"]);
    expect(mock.requests).toMatchObject([
      { operationId: "createUserGroup", status: "network-error", source: "fault" },
    ]);
  });

  it("without it, the request is dropped before it changes anything", async () => {
    const mock = createUserGroupsMock();
    mock.networkError("createUserGroup");
    await expect(
      mock.fetch(LIST, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Dropped" }),
      }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(mock.store.listUserGroups()).toEqual([]);
    expect(() => mock.networkError("*", { afterApply: "yes" as unknown as boolean })).toThrow(
      "`afterApply` must be a boolean.",
    );
  });
});
