import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Report } from "../src/report.js";
import { temporaryFolder } from "./helpers.js";

/** The built command, as `pnpm test:contract` runs it (turbo builds it before this package's tests). */
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const TOKEN = "cf-contract-secret-token-never-printed";
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const MEMBERS = "4f5f0c14a2a41d5063dd301b2f829f04,7c5dae5552338874e5053f2534d2767a";

/** Runs the command with exactly `env` (plus PATH), never the parent's CLOUDFLARE_* variables. */
function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 110_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stands in for the live API: counts every request and refuses it the way Cloudflare refuses a bad token. */
let requests: Array<{ method: string; url: string }>;
let server: Server;
let baseURL: string;

beforeEach(async () => {
  requests = [];
  server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "" });
    response.writeHead(403, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
        messages: [],
        result: null,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("--live refuses to start without its configuration", () => {
  const cases: Array<[string, Record<string, string>]> = [
    ["no variables at all", {}],
    ["only the token", { CLOUDFLARE_API_TOKEN: TOKEN }],
    ["only the account", { CLOUDFLARE_ACCOUNT_ID: ACCOUNT }],
    ["token and account, no member ids", { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ACCOUNT_ID: ACCOUNT }],
    [
      "account and member ids, no token",
      { CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS },
    ],
    [
      "token and member ids, no account",
      { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS },
    ],
    [
      "one member id",
      {
        CLOUDFLARE_API_TOKEN: TOKEN,
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
        CLOUDFLARE_CONTRACT_MEMBER_IDS: "4f5f0c14a2a41d5063dd301b2f829f04",
      },
    ],
    [
      "an account id that is not an id",
      {
        CLOUDFLARE_API_TOKEN: TOKEN,
        CLOUDFLARE_ACCOUNT_ID: "my-account",
        CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS,
      },
    ],
    [
      "a token that cannot go into a header",
      {
        CLOUDFLARE_API_TOKEN: `${TOKEN}\nx`,
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
        CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS,
      },
    ],
  ];

  it.each(cases)("%s: exit code 2, no request, no report", async (_, env) => {
    const out = join(await temporaryFolder(), "reports");
    const result = await runCli(["--live", "--out", out], { ...env, CLOUDFLARE_BASE_URL: baseURL });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Refusing to start a live run; nothing was sent and nothing was written");
    expect(requests).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it("stops after the first request when the API refuses the credentials: nothing created, no report", async () => {
    const out = join(await temporaryFolder(), "reports");
    const result = await runCli(["--live", "--out", out], {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS,
      CLOUDFLARE_BASE_URL: baseURL,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("did not answer the first request");
    expect(result.stderr).toContain("403 (codes 10000)");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "GET" });
    expect(requests[0]?.url).toContain(
      `/client/v4/accounts/${ACCOUNT}/iam/user_groups?fuzzyName=cf-contract-`,
    );
    expect(existsSync(out)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

describe("without --live", () => {
  it("ignores the live variables and runs against the fake", async () => {
    const out = join(await temporaryFolder(), "reports");
    const result = await runCli(["--no-baseline", "--out", out], {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      CLOUDFLARE_CONTRACT_MEMBER_IDS: MEMBERS,
      CLOUDFLARE_BASE_URL: baseURL,
    });
    expect(result.stderr).not.toContain("Live run");
    expect(result.code).toBe(0);
    expect(requests).toEqual([]);
    const report = JSON.parse(await readFile(join(out, "fake-latest.json"), "utf8")) as Report;
    expect(report.target).toBe("fake");
    expect(report.run?.baseURL).not.toBe(baseURL);
    expect(report.run?.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(existsSync(join(out, "fake-latest.md"))).toBe(true);
    expect(result.stdout).toContain("# Contract report: fake");
  });
});
