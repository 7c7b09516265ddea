import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { connectMockServer } from "@cf-user-groups/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PREFIX_FAMILY } from "../src/cleanup.js";
import { FAKE_TOKEN, type FakeTarget, startFakeTarget } from "../src/fake-target.js";
import { LIVE_REQUESTS_PER_SECOND } from "../src/main.js";
import type { Report } from "../src/report.js";
import { runMain, temporaryFolder } from "./helpers.js";

/**
 * `--live` pointed at the fake through CLOUDFLARE_BASE_URL: the live code
 * path (config, pacing, prefixes, cleanup) end to end, with the fake standing
 * in for Cloudflare and a virtual clock for the pacer.
 */
let fake: FakeTarget;
let env: Record<string, string>;
/** Requests the setup made; the run's come after. */
let setupRequests: number;
const HOUR = 3_600_000;
const SCIM_GROUP = "Synced from the identity provider";
const UNTOUCHABLE = ["Auditors", "cf-contract-manual", "cf-contract-20200101t000000z-abcdef"];

beforeEach(async () => {
  fake = await startFakeTarget();
  env = {
    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
    CLOUDFLARE_ACCOUNT_ID: fake.accountId,
    CLOUDFLARE_BASE_URL: fake.server.baseURL,
    CLOUDFLARE_CONTRACT_MEMBER_IDS: fake.memberIds.slice(0, 2).join(","),
  };
  // A crashed run's group from three hours ago, and groups the suite must never touch.
  const create = async (name: string) => {
    const response = await fetch(`${fake.server.baseURL}/accounts/${fake.accountId}/iam/user_groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(200);
  };
  const remote = connectMockServer(fake.server.url);
  await remote.clock.set(Date.now() - 3 * HOUR);
  await create("cf-contract-20200101t000000z-abcdef-group-lifecycle-first");
  for (const name of UNTOUCHABLE) await create(name);
  await remote.clock.set(Date.now());
  setupRequests = fake.server.mock.requests.length;
});

afterEach(async () => {
  await fake.close();
});

/** A pacer clock that moves only when the pacer waits: what it asks for is exactly what it gets. */
function virtualPacing() {
  let now = 0;
  const asked: number[] = [];
  return {
    asked,
    pacing: {
      now: () => now,
      sleep: async (ms: number) => {
        asked.push(ms);
        now += ms;
      },
    },
  };
}

const groupNames = () => fake.server.mock.store.listUserGroups().map((group) => group.name);

describe("a live run", () => {
  it("paces itself, names everything with its prefix, cleans up, and touches nothing else", async () => {
    const out = join(await temporaryFolder(), "reports");
    const { asked, pacing } = virtualPacing();
    const result = await runMain(["--live", "--no-baseline", "--out", out], { env, pacing });
    expect(result.stderr).toContain("Live run against");
    expect(result.code).toBe(0);

    const report = JSON.parse(await readFile(join(out, "live-latest.json"), "utf8")) as Report;
    const run = report.run;
    expect(report.target).toBe("live");
    expect(run).toMatchObject({ leftoversDeleted: 1, remaining: 0 });
    expect(run?.runPrefix).toMatch(/^cf-contract-\d{8}t\d{6}z-[0-9a-f]{6}-$/);

    // At most LIVE_REQUESTS_PER_SECOND: every request after the first waited a full interval.
    expect(asked).toHaveLength((run?.requests ?? 0) - 1);
    expect(new Set(asked)).toEqual(new Set([1000 / LIVE_REQUESTS_PER_SECOND]));

    // What a live run cannot do is skipped, with the reason; the rest ran to the end.
    const outcomes = Object.fromEntries(
      report.scenarios.map((scenario) => [scenario.name, scenario.outcome]),
    );
    expect(outcomes).toMatchObject({
      policies: "skipped",
      "scim-managed-group": "skipped",
      "rate-limited": "skipped",
    });
    const ran = report.scenarios.filter((scenario) => scenario.outcome !== "skipped");
    expect(ran.map((scenario) => [scenario.name, scenario.outcome, scenario.reason])).toEqual(
      ran.map((scenario) => [scenario.name, "complete", undefined]),
    );

    // Every group it created carried the run's prefix, and it deleted only those and the old leftover.
    const requests = fake.server.mock.requests.slice(setupRequests);
    const created = requests.filter(
      (request) => request.operationId === "createUserGroup" && request.status === 200,
    );
    expect(created.length).toBe(run?.created);
    for (const request of created)
      expect((request.body as { name: string }).name.startsWith(run?.runPrefix ?? "-")).toBe(true);
    expect(groupNames().sort()).toEqual([...UNTOUCHABLE, SCIM_GROUP].sort());
    expect(
      groupNames().some(
        (name) => name.startsWith(PREFIX_FAMILY) && name !== UNTOUCHABLE[1] && name !== UNTOUCHABLE[2],
      ),
    ).toBe(false);

    // The token is never written anywhere.
    const written =
      (await readFile(join(out, "live-latest.json"), "utf8")) +
      (await readFile(join(out, "live-latest.md"), "utf8"));
    expect(written + result.stdout + result.stderr).not.toContain(FAKE_TOKEN);
  });

  it("records what the fake run records, scenario for scenario, wherever both ran", async () => {
    const folder = await temporaryFolder();
    const baseline = join(folder, "fake.json");
    const recorded = await runMain([
      "--update-baseline",
      "--baseline",
      baseline,
      "--out",
      join(folder, "fake"),
    ]);
    expect(recorded.code).toBe(0);
    const result = await runMain(["--live", "--baseline", baseline, "--out", join(folder, "live")], {
      env,
      pacing: virtualPacing().pacing,
    });
    expect(result.stdout).toContain("No differences.");
    expect(result.stdout).toContain("- policies: second report skipped it");
    expect(result.code).toBe(0);
  });

  it("cleans up and writes no report when interrupted", async () => {
    const out = join(await temporaryFolder(), "reports");
    const interrupt = new AbortController();
    let createdBeforeAbort = 0;
    const result = await runMain(["--live", "--no-baseline", "--out", out], {
      env,
      pacing: virtualPacing().pacing,
      signal: interrupt.signal,
      // Ctrl+C right after the third group was created.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (
          init?.method === "POST" &&
          String(input).endsWith("/iam/user_groups") &&
          response.status === 200
        ) {
          createdBeforeAbort += 1;
          if (createdBeforeAbort === 3) interrupt.abort();
        }
        return response;
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      "Interrupted. Cleaned up: 3 group(s) created, 0 left behind. No report was written.",
    );
    expect(existsSync(out)).toBe(false);
    expect(groupNames().sort()).toEqual([...UNTOUCHABLE, SCIM_GROUP].sort());
    // After the abort, only cleanup went out: deletes and the final list.
    const requests = fake.server.mock.requests;
    const lastCreate = requests.findLastIndex((request) => request.operationId === "createUserGroup");
    const after = requests.slice(lastCreate + 1).map((request) => request.operationId);
    expect(new Set(after)).toEqual(new Set(["deleteUserGroup", "listUserGroups"]));
  });

  it("records a network failure as the step's status 0 and the scenario's error, goes on, and exits 1", async () => {
    const out = join(await temporaryFolder(), "reports");
    const result = await runMain(["--live", "--no-baseline", "--out", out], {
      env,
      pacing: virtualPacing().pacing,
      fetch: async (input, init) => {
        if (String(input).includes("direction=desc"))
          throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
        return fetch(input, init);
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Scenario list-sorting failed: TypeError: fetch failed (socket hang up)");
    const report = JSON.parse(await readFile(join(out, "live-latest.json"), "utf8")) as Report;
    const sorting = report.scenarios.find((scenario) => scenario.name === "list-sorting");
    expect(sorting).toMatchObject({ outcome: "error", reason: "TypeError: fetch failed (socket hang up)" });
    expect(sorting?.steps.at(-1)).toMatchObject({
      name: "direction desc",
      status: 0,
      bodyKind: "none",
      shape: null,
    });
    // Later scenarios ran, and nothing was left behind.
    expect(report.scenarios.find((scenario) => scenario.name === "member-lifecycle")?.outcome).toBe(
      "complete",
    );
    expect(report.run?.remaining).toBe(0);
    expect(groupNames().sort()).toEqual([...UNTOUCHABLE, SCIM_GROUP].sort());
  });
});

describe("a live run whose API cannot be reached", () => {
  it("stops before creating anything, with exit code 2 and the reason", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const out = join(await temporaryFolder(), "reports");
    const result = await runMain(["--live", "--out", out], {
      env: { ...env, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` },
      pacing: virtualPacing().pacing,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "did not answer the first request, a list of user groups: TypeError: fetch failed",
    );
    expect(result.stderr).toContain("Nothing was created and no report was written.");
    expect(existsSync(out)).toBe(false);
  });
});
