import { UserGroupsClient } from "@cf-user-groups/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectMockServer, createUserGroupsMock } from "../../src/index.js";
import { startMockServer } from "../../src/server/index.js";

afterEach(() => {
  vi.useRealTimers();
});

// A timeout far past any delay here, so only the fake's delays are in play.
const clientOn = (mock: ReturnType<typeof createUserGroupsMock>, accountId: string) =>
  new UserGroupsClient({ apiToken: "t", accountId, fetch: mock.fetch, maxRetries: 0, timeout: 10 * 60_000 })
    .iam.userGroups;

describe("faults scoped to an account", () => {
  it("fail and networkError hit only that account's requests, and are used up only by them", async () => {
    const mock = createUserGroupsMock();
    const [mine, theirs] = [mock.isolatedAccount(), mock.isolatedAccount()];
    mock.fail("listUserGroups", { status: 503, times: 1, accountId: mine });
    mock.networkError("*", { times: 1, accountId: mine });
    await expect(clientOn(mock, theirs).list()).resolves.toMatchObject({ result: [] });
    await expect(clientOn(mock, theirs).list()).resolves.toMatchObject({ result: [] });
    await expect(clientOn(mock, mine).list()).rejects.toMatchObject({ status: 503 });
    await expect(clientOn(mock, mine).list()).rejects.toMatchObject({ name: "APIConnectionError" });
    await expect(clientOn(mock, mine).list()).resolves.toMatchObject({ result: [] });
  });

  it("an account's delay applies to it alone, and wins over one for every account", async () => {
    vi.useFakeTimers();
    const mock = createUserGroupsMock();
    const [mine, theirs] = [mock.isolatedAccount(), mock.isolatedAccount()];
    mock.delay("*", 60_000, { accountId: mine });
    let theirsDone = false;
    let mineDone = false;
    clientOn(mock, theirs)
      .list()
      .then(() => {
        theirsDone = true;
      });
    clientOn(mock, mine)
      .list()
      .then(() => {
        mineDone = true;
      });
    await vi.advanceTimersByTimeAsync(0);
    expect([theirsDone, mineDone]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mineDone).toBe(true);

    mock.delay("listUserGroups", 30_000);
    mock.delay("listUserGroups", 1_000, { accountId: mine });
    mineDone = false;
    clientOn(mock, mine)
      .list()
      .then(() => {
        mineDone = true;
      });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mineDone).toBe(true);
  });

  it("clearFaults({ accountId }) drops only that account's faults", async () => {
    const mock = createUserGroupsMock();
    const [mine, theirs] = [mock.isolatedAccount(), mock.isolatedAccount()];
    mock.fail("*", { accountId: mine, times: 5 });
    mock.fail("*", { accountId: theirs, times: 5 });
    mock.clearFaults({ accountId: mine });
    await expect(clientOn(mock, mine).list()).resolves.toMatchObject({ result: [] });
    await expect(clientOn(mock, theirs).list()).rejects.toMatchObject({ status: 500 });
  });

  it("refuses an accountId that is not an identifier, injecting nothing", async () => {
    const mock = createUserGroupsMock();
    expect(() => mock.fail("*", { accountId: "mine" })).toThrow(
      /`accountId` must be a 32-character identifier/,
    );
    expect(() => mock.delay("*", 5, { accountId: "mine" })).toThrow(
      /`accountId` must be a 32-character identifier/,
    );
    await expect(clientOn(mock, mock.accountId).list()).resolves.toMatchObject({ result: [] });
  });

  it("work the same over the control plane", async () => {
    const server = await startMockServer();
    try {
      const remote = connectMockServer(server.url);
      const [mine, theirs] = [await remote.isolatedAccount(), await remote.isolatedAccount()];
      await remote.fail("listUserGroups", { status: 429, accountId: mine });
      const api = (accountId: string) =>
        new UserGroupsClient({ apiToken: "t", accountId, baseURL: server.baseURL, maxRetries: 0 }).iam
          .userGroups;
      await expect(api(theirs).list()).resolves.toMatchObject({ result: [] });
      await expect(api(mine).list()).rejects.toMatchObject({ status: 429 });
      await remote.fail("*", { accountId: mine, times: 3 });
      await remote.clearFaults({ accountId: mine });
      await expect(api(mine).list()).resolves.toMatchObject({ result: [] });
    } finally {
      await server.close();
    }
  });
});
