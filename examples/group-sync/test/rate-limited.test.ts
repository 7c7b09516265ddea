// The sync at scale against the fake's model of Cloudflare's rate limit
// (1,200 requests per 300 s per token, then 429 for everything for 300 s),
// in fake time: the fake's clock is `new Date()`, which vi.useFakeTimers()
// moves together with the client's pacer. And the sync against a fake that
// stores policies' ids in another order than written, as the live API does.

import { UserGroupsClient } from "@cf-user-groups/client";
import { createUserGroupsMock } from "@cf-user-groups/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type SyncConfig, syncUserGroups } from "../src/sync.js";
import { ALICE, ALL_ZONES, BOB, CAROL, ZONE_EDIT, ZONE_READ } from "./setup.js";

const MEMBERS = [ALICE, BOB, CAROL];
const OTHER_RESOURCES = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";

/** `count` groups, each with one policy and one member. */
const manyGroups = (count: number): SyncConfig => ({
  groups: Array.from({ length: count }, (_, index) => ({
    name: `Team ${String(index).padStart(4, "0")}`,
    policies: [{ access: "allow", permission_groups: [ZONE_READ], resource_groups: [ALL_ZONES] }],
    members: [MEMBERS[index % MEMBERS.length] as string],
  })),
});

/** Runs `job` to the end while moving fake time in steps; returns what it settled to. */
async function inFakeTime<T>(job: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let settled: { value?: T; error?: unknown } | undefined;
  job.then(
    (value) => {
      settled = { value };
    },
    (error: unknown) => {
      settled = { error };
    },
  );
  while (!settled) await vi.advanceTimersByTimeAsync(5_000);
  return settled;
}

beforeEach(() => {
  // Timers and Date only: process.hrtime stays real, to report the real time a run took.
  vi.useFakeTimers({ now: new Date("2026-03-01T12:00:00Z"), toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a 5,000-group sync against the rate-limited fake", () => {
  it("keeps to Cloudflare's budget with the client's pacer, and is never blocked", async () => {
    const mock = createUserGroupsMock({ rateLimit: true, now: () => new Date() });
    const client = new UserGroupsClient({
      apiToken: "test",
      accountId: mock.accountId,
      fetch: mock.fetch,
      rateLimit: { requests: 1_200, windowSeconds: 300 },
    });
    const fakeStart = Date.now();
    const realStart = process.hrtime.bigint();
    const { error } = await inFakeTime(
      syncUserGroups(client, manyGroups(5_000), { accountId: mock.accountId, log: () => {} }),
    );
    expect(error).toBeUndefined();
    const fakeMinutes = (Date.now() - fakeStart) / 60_000;
    const realSeconds = Number(process.hrtime.bigint() - realStart) / 1e9;
    const limited = mock.requests.filter((request) => request.status === 429).length;
    console.info(
      `5,000 groups: ${mock.requests.length} requests, ${fakeMinutes.toFixed(1)} fake minutes, ` +
        `${realSeconds.toFixed(1)} real seconds, ${limited} answered 429`,
    );
    expect(limited).toBe(0);
    // One empty listing, then a create and a member replacement per group.
    expect(mock.requests).toHaveLength(10_001);
    // 1,200 go at once, then 1,200 per 300 s: the pacer cannot be faster than that.
    expect(fakeMinutes).toBeGreaterThanOrEqual(((10_001 - 1_200) / 1_200) * 5);
    expect(mock.store.listUserGroups()).toHaveLength(5_000);
    expect(mock.store.listMembers(mock.store.listUserGroups()[1]?.id as string)?.map((m) => m.id)).toEqual([
      BOB,
    ]);
  }, 300_000);

  it("without the pacer, the same kind of job trips the limit and is refused for five minutes", async () => {
    const mock = createUserGroupsMock({ rateLimit: true, now: () => new Date() });
    const client = new UserGroupsClient({ apiToken: "test", accountId: mock.accountId, fetch: mock.fetch });
    const { error } = await inFakeTime(
      syncUserGroups(client, manyGroups(700), { accountId: mock.accountId, log: () => {} }),
    );
    expect(error).toMatchObject({ name: "RateLimitError", status: 429 });
    expect(mock.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
    expect(mock.requests.filter((request) => request.status !== 429)).toHaveLength(1_200);
  }, 120_000);
});

describe("the live API's 429 quirks, through the fake (mock.rateLimitQuirk)", () => {
  /** Creates a group through one quirky 429; returns the fake-clock seconds between the two creates. */
  async function createThrough(quirk: "retry-after-in-body" | "null-body" | "empty-body") {
    const mock = createUserGroupsMock({ now: () => new Date() });
    const client = new UserGroupsClient({ apiToken: "test", accountId: mock.accountId, fetch: mock.fetch });
    mock.rateLimitQuirk("createUserGroup", { quirk, retryAfter: 30 });
    const { error } = await inFakeTime(client.iam.userGroups.create({ name: "Auditors" }));
    expect(error).toBeUndefined();
    const creates = mock.requests.filter((request) => request.operationId === "createUserGroup");
    expect(creates.map((request) => request.status)).toEqual([429, 200]);
    return (Date.parse(creates[1]?.at as string) - Date.parse(creates[0]?.at as string)) / 1000;
  }

  it("Retry-After: 0 with the real wait in the body: the client waits the body's 30 s", async () => {
    expect(await createThrough("retry-after-in-body")).toBe(30);
  });

  it.each(["null-body", "empty-body"] as const)(
    "%s: a RateLimitError the client retries, after its backoff",
    async (quirk) => {
      const waited = await createThrough(quirk);
      expect(waited).toBeGreaterThanOrEqual(0.375);
      expect(waited).toBeLessThan(30);
    },
  );
});

describe("policies stored in another order than written (scrambleOrder)", () => {
  const config: SyncConfig = {
    groups: [
      {
        name: "Operators",
        policies: [
          {
            access: "allow",
            permission_groups: [ZONE_READ, ZONE_EDIT],
            resource_groups: [ALL_ZONES, OTHER_RESOURCES],
          },
          { access: "deny", permission_groups: [ZONE_EDIT], resource_groups: [OTHER_RESOURCES] },
        ],
        members: [ALICE, BOB],
      },
    ],
  };

  it("the sync does not depend on the order: a second run has nothing to change", async () => {
    vi.useRealTimers();
    const mock = createUserGroupsMock({ scrambleOrder: true });
    const client = new UserGroupsClient({ apiToken: "test", accountId: mock.accountId, fetch: mock.fetch });
    await syncUserGroups(client, config, { accountId: mock.accountId, log: () => {} });
    // The fake did scramble: what comes back is not in the order written.
    const [stored] = (await client.iam.userGroups.list()).result;
    const [first] = stored?.policies ?? [];
    expect(first?.permission_groups?.map((group) => group.id)).toEqual([ZONE_EDIT, ZONE_READ]);
    expect(first?.resource_groups?.map((group) => group.id)).toEqual([OTHER_RESOURCES, ALL_ZONES]);
    const lines: string[] = [];
    const writesBefore = mock.requests.filter((request) => request.method !== "GET").length;
    await syncUserGroups(client, config, { accountId: mock.accountId, log: (line) => lines.push(line) });
    expect(lines).toEqual(["Nothing to change."]);
    expect(mock.requests.filter((request) => request.method !== "GET")).toHaveLength(writesBefore);
  });
});
