import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// The built command, as users run it; `pnpm test` builds the package first.
const bin = fileURLToPath(new URL("../../dist/bin/cf-user-groups-mock.js", import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  // "close", not "exit": only then has all of stdout and stderr been read.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  /** Everything printed so far, once it matches `pattern`: however long that takes, or until the command exits. */
  const output = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stdout)) return;
        child.stdout.off("data", check);
        resolve(stdout);
      };
      child.stdout.on("data", check);
      check();
      void exited.then((code) =>
        reject(
          new Error(`exited with ${code} before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`),
        ),
      );
    });
  return { child, exited, output, stderr: () => stderr, stdout: () => stdout };
}

// Every test starts Node processes: a second or less on an idle machine, many
// more on a busy 2-core CI machine running other packages' tests alongside.
describe("cf-user-groups-mock", { timeout: 120_000 }, () => {
  it("serves seeded data, prints the base URL and a curl example, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
    const data = join(dir, "data.json");
    writeFileSync(data, JSON.stringify({ groups: [{ name: "From file" }] }));
    try {
      const cli = run(["--port", "0", "--seed", "3", "--data", data]);
      const printed = await cli.output(/Press Ctrl\+C/);
      const baseURL = /Base URL: (\S+)/.exec(printed)?.[1];
      expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
      expect(printed).toMatch(
        /curl -H "Authorization: Bearer test-token" http:\/\/127\.0\.0\.1:\d+\/client\/v4\/accounts\/\w{32}\/iam\/user_groups/,
      );
      const account = /Account: +(\w+)/.exec(printed)?.[1];
      const response = await fetch(`${baseURL}/accounts/${account}/iam/user_groups`, {
        headers: { authorization: "Bearer t" },
      });
      expect((await response.json()).result.map((group: { name: string }) => group.name)).toEqual([
        "From file",
      ]);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--help prints the usage and exits 0", async () => {
    const cli = run(["--help"]);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: cf-user-groups-mock \[options\]/);
  });

  it.each([
    [["--port", "http"], /--port must be a whole number from 0 to 65535/],
    [["--seed", "1.5"], /--seed must be a whole number/],
    [["--colour"], /Unknown option '--colour'/],
    [["--data", "/no/such/file.json"], /cannot read --data/],
  ])("%j exits 2 with a clear message and the usage", async (args, message) => {
    const cli = run(args);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr()).toContain("Usage: cf-user-groups-mock");
  });

  it("refuses a --data file that is not valid JSON or names unknown keys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
    try {
      writeFileSync(join(dir, "broken.json"), "{ groups: ");
      writeFileSync(join(dir, "unknown.json"), '{ "zones": [] }');
      writeFileSync(join(dir, "bad.json"), '{ "groups": [{ "name": "" }] }');
      for (const [file, message] of [
        ["broken.json", /is not valid JSON/],
        [
          "unknown.json",
          /unknown\.json: the data must NOT have additional properties: unknown property "zones"/,
        ],
        ["bad.json", /bad\.json: groups\[0\]\.name must NOT have fewer than 1 characters/],
      ] as const) {
        const cli = run(["--data", join(dir, file), "--port", "0"]);
        expect(await cli.exited).toBe(2);
        expect(cli.stderr()).toMatch(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
