// The control plane from another process: the built cf-user-groups-mock,
// driven by this test process through connectMockServer and through curl,
// with its state kept in a file across restarts.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { UserGroupsClient } from "@cf-user-groups/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMockServer } from "../../src/index.js";
import { type RunningCli, runCliToExit, startCli, stopCli } from "../support/cli.js";

// Each test starts (and restarts) the command: generous for a busy 2-core machine.
const TIMEOUT = 120_000;
const exec = promisify(execFile);
let dir: string;
const running: RunningCli[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-control-"));
});
afterEach(() => {
  for (const cli of running.splice(0)) cli.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function start(args: string[]) {
  const cli = await startCli(["--port", "0", ...args]);
  running.push(cli);
  return cli;
}

const clientFor = (url: string, accountId: string) =>
  new UserGroupsClient({ apiToken: "t", accountId, baseURL: `${url}/client/v4`, maxRetries: 0 });

describe("cf-user-groups-mock, controlled from another process", () => {
  it(
    "resets, seeds, faults, advances the clock, snapshots, restores and reads its log over HTTP",
    async () => {
      const cli = await start([]);
      const remote = connectMockServer(cli.url);
      await remote.ready();
      await remote.restore({ groups: [{ name: "Seeded remotely" }] });
      const accountId = (await remote.snapshot()).accountId;
      const api = clientFor(cli.url, accountId).iam.userGroups;
      expect((await api.list()).result.map((group) => group.name)).toEqual(["Seeded remotely"]);

      await remote.clock.set("2030-01-01T00:00:00Z", { frozen: true });
      const created = await api.create({ name: "Made in 2030" });
      expect(created.created_on).toBe("2030-01-01T00:00:00.000Z");
      const saved = await remote.snapshot();

      await remote.fail("deleteUserGroup", { status: 503 });
      await expect(api.delete(created.id)).rejects.toMatchObject({ status: 503 });
      expect(await remote.requests({ operationId: "deleteUserGroup" })).toMatchObject([
        { status: 503, source: "fault" },
      ]);

      await api.delete(created.id);
      await remote.restore(saved);
      expect((await api.get(created.id)).name).toBe("Made in 2030");

      await remote.reset();
      expect((await api.list()).result).toEqual([]);
      expect(await remote.requests()).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    "answers the curl lines the README gives",
    async () => {
      const cli = await start([]);
      const curl = async (...args: string[]) => JSON.parse((await exec("curl", ["-sS", ...args])).stdout);
      expect(await curl("-X", "POST", `${cli.url}/__admin/reset`)).toEqual({ status: "ok", violations: [] });
      expect(
        await curl(
          "-X",
          "POST",
          `${cli.url}/__admin/faults`,
          "-H",
          "Content-Type: application/json",
          "-d",
          '{"operationId":"listUserGroups","kind":"fail","status":503,"times":1}',
        ),
      ).toEqual({ status: "ok" });
      const accountId = /Account: +(\w+)/.exec(cli.stdout())?.[1] as string;
      await expect(clientFor(cli.url, accountId).iam.userGroups.list()).rejects.toMatchObject({
        status: 503,
      });
      const log = await curl(`${cli.url}/__admin/requests?operationId=listUserGroups`);
      expect(log.requests).toMatchObject([{ operationId: "listUserGroups", status: 503 }]);
      expect(
        await curl(
          "-X",
          "POST",
          `${cli.url}/__admin/clock`,
          "-H",
          "Content-Type: application/json",
          "-d",
          '{"advanceMs":60000}',
        ),
      ).toMatchObject({
        offsetMs: expect.any(Number),
      });
    },
    TIMEOUT,
  );
});

describe("--rate-limit and --scramble-order", () => {
  it(
    "turn on Cloudflare's rate limit (the live API's numbers, or given ones) and order scrambling",
    async () => {
      const live = await start(["--rate-limit"]);
      expect(await connectMockServer(live.url).rateLimit()).toEqual({
        enabled: true,
        requests: 1200,
        windowSeconds: 300,
        blockSeconds: 300,
      });
      const custom = await start(["--rate-limit", "2,10", "--scramble-order"]);
      const remote = connectMockServer(custom.url);
      expect(await remote.rateLimit()).toEqual({
        enabled: true,
        requests: 2,
        windowSeconds: 10,
        blockSeconds: 300,
      });
      const accountId = (await remote.snapshot()).accountId;
      const api = clientFor(custom.url, accountId).iam.userGroups;
      const permission = ["a", "b"].map((letter) => ({ id: letter.repeat(32) }));
      const created = await api.create({
        name: "Scrambled",
        policies: [
          { access: "allow", permission_groups: permission, resource_groups: [{ id: "c".repeat(32) }] },
        ],
      });
      expect(created.policies?.[0]?.permission_groups?.map((group) => group.id)).toEqual([
        "b".repeat(32),
        "a".repeat(32),
      ]);
      await api.list();
      await expect(api.list()).rejects.toMatchObject({ status: 429 });
      const bad = await runCliToExit(["--port", "0", "--rate-limit", "0,5"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--rate-limit takes up to three whole numbers above 0/);
    },
    TIMEOUT,
  );
});

describe("--state", () => {
  it(
    "loads the file at start, saves it on SIGTERM, and again on POST /__admin/state/save, atomically",
    async () => {
      const file = join(dir, "state.json");
      const first = await start(["--state", file]);
      const remote = connectMockServer(first.url);
      const accountId = (await remote.snapshot()).accountId;
      const created = await clientFor(first.url, accountId).iam.userGroups.create({ name: "Survivor" });
      expect(await remote.saveState()).toBe(file);
      expect(JSON.parse(readFileSync(file, "utf8")).accounts[accountId].groups).toMatchObject([
        { name: "Survivor" },
      ]);
      await clientFor(first.url, accountId).iam.userGroups.update(created.id, {
        name: "Renamed before exit",
      });
      expect(await stopCli(first)).toBe(0);
      // Only the state file: every write went through a temporary file that was renamed over it.
      expect(readdirSync(dir)).toEqual(["state.json"]);

      const second = await start(["--state", file]);
      expect((await clientFor(second.url, accountId).iam.userGroups.get(created.id)).name).toBe(
        "Renamed before exit",
      );
      // The id sequence went on: a new group never takes an id the old process gave.
      const next = await clientFor(second.url, accountId).iam.userGroups.create({ name: "After restart" });
      expect(next.id).not.toBe(created.id);
      expect(await stopCli(second)).toBe(0);
    },
    TIMEOUT,
  );

  it.each([
    ["not JSON", "{ accounts: ", /state\.json is not valid JSON/],
    [
      "not a snapshot",
      JSON.stringify({ version: 1, accounts: "x" }),
      /state\.json is not a snapshot this fake can load: .*accountId/,
    ],
    [
      "a snapshot of another version",
      JSON.stringify({ version: 2, accountId: "0".repeat(32), idsUsed: 0, accounts: {} }),
      /version/,
    ],
  ])(
    "refuses a state file that is %s: exit code 2, a clear message, and the file left untouched",
    async (_, content, message) => {
      const file = join(dir, "state.json");
      writeFileSync(file, content);
      const { code, stderr } = await runCliToExit(["--port", "0", "--state", file]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(readFileSync(file, "utf8")).toBe(content);
      expect(readdirSync(dir)).toEqual(["state.json"]);
    },
    TIMEOUT,
  );

  it(
    "starts from the seed when the file does not exist yet, and creates it on exit",
    async () => {
      const file = join(dir, "new.json");
      const cli = await start(["--state", file]);
      expect(existsSync(file)).toBe(false);
      expect(await stopCli(cli)).toBe(0);
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ version: 1 });
    },
    TIMEOUT,
  );
});
