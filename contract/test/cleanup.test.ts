import { connectMockServer } from "@cf-user-groups/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CleanupError,
  deleteLeftovers,
  findLeftovers,
  newRunPrefix,
  RUN_PREFIX_PATTERN,
} from "../src/cleanup.js";
import { FAKE_TOKEN, type FakeTarget, startFakeTarget } from "../src/fake-target.js";
import { createPacer } from "../src/pacer.js";
import { Wire } from "../src/wire.js";

const HOUR = 3_600_000;
const OLD_RUN = "cf-contract-20200101t000000z-abcdef-";

describe("newRunPrefix", () => {
  it("makes a prefix the cleanup recognises, different on every run", () => {
    const a = newRunPrefix(new Date("2026-12-01T04:24:00.123Z"));
    const b = newRunPrefix(new Date("2026-12-01T04:24:00.123Z"));
    expect(a).toMatch(/^cf-contract-20261201t042400z-[0-9a-f]{6}-$/);
    expect(RUN_PREFIX_PATTERN.test(`${a}group`)).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe("deleteLeftovers, against the fake", () => {
  let fake: FakeTarget;
  let wire: Wire;

  beforeEach(async () => {
    fake = await startFakeTarget();
    wire = new Wire({
      baseURL: fake.server.baseURL,
      accountId: fake.accountId,
      token: FAKE_TOKEN,
      pace: createPacer({ requestsPerSecond: 0 }),
      maxRequests: 1_000,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function create(name: string): Promise<string> {
    const response = await wire.send({
      operation: "createUserGroup",
      method: "POST",
      path: "/accounts/{account_id}/iam/user_groups",
      json: { name },
    });
    expect(response.status).toBe(200);
    return (response.body as { result: { id: string } }).result.id;
  }

  it("deletes only groups named with a run prefix and created long enough ago", async () => {
    const remote = connectMockServer(fake.server.url);
    // Three hours ago, by the fake's clock: what a crashed run left.
    await remote.clock.set(Date.now() - 3 * HOUR);
    const old: string[] = [];
    for (const suffix of ["a", "b", "c", "d", "e"]) old.push(await create(`${OLD_RUN}${suffix}`));
    const untouchable = [
      "Auditors",
      "cf-contract-manual",
      "CF-CONTRACT-20200101T000000Z-ABCDEF-upper-case",
      `my ${OLD_RUN}inside`,
      "cf-contract-20200101t000000z-ABCDEF-upper-hex",
    ];
    for (const name of untouchable) await create(name);
    await remote.clock.set(Date.now());
    const running = `${newRunPrefix()}still-running`;
    await create(running);
    const before = fake.server.mock.requests.length;

    // Two per page, so the listing has to page: 10 groups match the fuzzy filter, case-insensitively.
    const deleted = await deleteLeftovers(wire, { olderThanMs: HOUR, pageSize: 2 });

    expect(deleted).toBe(5);
    const names = fake.server.mock.store.listUserGroups().map((group) => group.name);
    expect(names.sort()).toEqual([...untouchable, running, "Synced from the identity provider"].sort());
    const cleanup = fake.server.mock.requests.slice(before);
    const deletes = cleanup.filter((request) => request.operationId === "deleteUserGroup");
    expect(deletes.map((request) => request.params.user_group_id).sort()).toEqual([...old].sort());
    // Every page was read before the first delete.
    const lists = cleanup.filter((request) => request.operationId === "listUserGroups");
    expect(lists.map((request) => request.query.page)).toEqual(["1", "2", "3", "4", "5"]);
    expect(cleanup.findIndex((request) => request.operationId === "deleteUserGroup")).toBe(lists.length);
  });

  it("deletes nothing when every prefixed group is recent", async () => {
    await create(`${newRunPrefix()}fresh`);
    await create("Auditors");
    expect(await deleteLeftovers(wire, { olderThanMs: HOUR })).toBe(0);
    expect(fake.server.mock.store.listUserGroups()).toHaveLength(3);
  });
});

describe("findLeftovers, against odd answers", () => {
  const wireAnswering = (...bodies: Array<{ status: number; body: unknown }>) => {
    const sent: string[] = [];
    const wire = new Wire({
      baseURL: "http://127.0.0.1:9/client/v4",
      accountId: "023e105f4ecef8ad9ca31a8372d0c353",
      token: "t",
      pace: createPacer({ requestsPerSecond: 0 }),
      maxRequests: 100,
      fetch: async (input) => {
        sent.push(String(input));
        const next = bodies.shift() ?? {
          status: 200,
          body: { success: true, errors: [], messages: [], result: [] },
        };
        return new Response(JSON.stringify(next.body), { status: next.status });
      },
    });
    return { wire, sent };
  };

  it("falls back to the prefix's time when created_on is missing", async () => {
    const recent = `${newRunPrefix()}recent`;
    const { wire } = wireAnswering({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: [
          { id: "a".repeat(32), name: `${OLD_RUN}no-date` },
          { id: "b".repeat(32), name: recent },
          { id: "c".repeat(32), name: `${OLD_RUN}bad-date`, created_on: "yesterday-ish" },
        ],
      },
    });
    expect(await findLeftovers(wire, { olderThanMs: HOUR })).toEqual([
      { id: "a".repeat(32), name: `${OLD_RUN}no-date` },
      { id: "c".repeat(32), name: `${OLD_RUN}bad-date` },
    ]);
  });

  it("stops at maxPages even if the server never stops answering full pages", async () => {
    const full = {
      status: 200,
      body: { success: true, errors: [], messages: [], result: [{ id: "x", name: "y" }] },
    };
    const { wire, sent } = wireAnswering(...Array.from({ length: 100 }, () => structuredClone(full)));
    await findLeftovers(wire, { olderThanMs: HOUR, pageSize: 1, maxPages: 7 });
    expect(sent).toHaveLength(7);
  });

  it("throws a CleanupError with the status and codes when the list is refused", async () => {
    const { wire } = wireAnswering({
      status: 403,
      body: {
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
        messages: [],
        result: null,
      },
    });
    const error = await findLeftovers(wire, { olderThanMs: HOUR }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CleanupError);
    expect(error).toMatchObject({ status: 403, errorCodes: [10000] });
  });
});
