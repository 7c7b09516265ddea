import {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
  RateLimitError,
  UserGroupsClient,
} from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/index.js";
import { ACCOUNT, TOKEN, useMockedApi } from "../support/api.js";

const { mock, groups } = useMockedApi({ groups: [{ name: "Auditors" }] });
const patient = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 3 }).iam.userGroups;
const sources = () => mock.requests.map((request) => [request.source, request.status]);

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
    const once = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 1 });
    const start = Date.now();
    expect((await once.iam.userGroups.list()).result).toHaveLength(1);
    expect(Date.now() - start).toBeLessThan(2_000);
    expect(sources()).toEqual([
      ["fault", "network-error"],
      ["fault", "network-error"],
      ["fake", 200],
    ]);
  });
});

describe("mock.delay", () => {
  it("delays requests to one operation, or all with *", async () => {
    mock.delay("listUserGroups", 80);
    let start = performance.now();
    await groups.list();
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
    start = performance.now();
    await groups.get(mock.store.listUserGroups()[0]?.id as string);
    expect(performance.now() - start).toBeLessThan(75);
    mock.delay("*", 60);
    start = performance.now();
    await groups.get(mock.store.listUserGroups()[0]?.id as string);
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
  });

  it("a delay longer than the client's timeout is a timeout", async () => {
    mock.delay("listUserGroups", 1_000);
    const hasty = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0, timeout: 50 });
    await expect(hasty.iam.userGroups.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("an aborted request stops waiting at once", async () => {
    mock.delay("*", 10_000);
    const controller = new AbortController();
    const start = performance.now();
    const pending = mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(mock.requests.map((request) => request.status)).toEqual(["aborted"]);
  });

  it("0 removes a delay, and reset() removes all faults and delays", async () => {
    mock.delay("*", 5_000);
    mock.delay("*", 0);
    mock.fail("*", { times: 5 });
    mock.reset();
    const start = performance.now();
    expect((await groups.list()).result).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(() => mock.delay("*", -1)).toThrow(/number of milliseconds from 0/);
  });
});
