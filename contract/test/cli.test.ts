import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UPDATE_BASELINE_COMMAND } from "../src/main.js";
import { REPORT_FORMAT, type Report, reportJson } from "../src/report.js";
import { credentials, rateLimitHeaders } from "../src/scenarios/access.js";
import { runMain, temporaryFolder } from "./helpers.js";

/** Two quick scenarios are enough to exercise the command; the full suite runs in `pnpm test:contract`. */
const few = [credentials, rateLimitHeaders];

const report = (status: number): Report => ({
  format: REPORT_FORMAT,
  target: "fake",
  scenarios: [
    {
      name: "s",
      title: "S",
      operations: ["listUserGroups"],
      outcome: "complete",
      steps: [
        {
          name: "list",
          operation: "listUserGroups",
          request: "GET /accounts/{account}/iam/user_groups",
          status,
          errorCodes: [],
          headers: {
            contentType: "application/json",
            ratelimit: true,
            ratelimitPolicy: true,
            retryAfter: false,
          },
          bodyKind: "json",
          shape: { type: "object" },
        },
      ],
    },
  ],
});

async function saved(name: string, content: Report | string): Promise<string> {
  const path = join(await temporaryFolder(), name);
  await writeFile(path, typeof content === "string" ? content : reportJson(content));
  return path;
}

describe("--compare", () => {
  it("exits 0 and says so when two reports agree", async () => {
    const result = await runMain([
      "--compare",
      await saved("a.json", report(200)),
      await saved("b.json", report(200)),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No differences.");
  });

  it("exits 1 and prints the Markdown diff when they differ", async () => {
    const a = await saved("a.json", report(200));
    const b = await saved("b.json", report(409));
    const result = await runMain(["--compare", a, b]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`# Contract drift: fake (${a}) → fake (${b})`);
    expect(result.stdout).toContain("| s | list | status | 200 | 409 |");
  });

  it("exits 2 for a file that is missing or not a report, or the wrong number of files", async () => {
    const good = await saved("a.json", report(200));
    const missing = await runMain(["--compare", good, join(await temporaryFolder(), "none.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read");
    const notReport = await runMain(["--compare", good, await saved("b.json", '{"hello": 1}')]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain("is not a contract report");
    expect((await runMain(["--compare", good])).code).toBe(2);
  });
});

describe("arguments", () => {
  it("refuses unknown options and stray arguments with the usage, exit 2", async () => {
    const unknown = await runMain(["--lvie"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Usage:");
    expect((await runMain(["fake"])).code).toBe(2);
    expect((await runMain(["--live", "--update-baseline"])).code).toBe(2);
    expect((await runMain(["--leftovers-older-than", "1"])).code).toBe(2);
  });
});

describe("the baseline", () => {
  it("is written without run information by --update-baseline, and a later run matches it", async () => {
    const folder = await temporaryFolder();
    const baseline = join(folder, "baseline.json");
    const update = await runMain(["--update-baseline", "--baseline", baseline, "--out", folder], {
      scenarios: few,
    });
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(`Baseline updated: ${baseline}`);
    const written = JSON.parse(await readFile(baseline, "utf8")) as Report;
    expect(written.run).toBeUndefined();
    expect(written.scenarios.map((scenario) => scenario.name)).toEqual(["credentials", "rate-limit-headers"]);
    const check = await runMain(["--baseline", baseline, "--out", folder], { scenarios: few });
    expect(check.stdout).toContain("No differences.");
    expect(check.code).toBe(0);
  });

  it("fails a run that differs from it, printing the differences and the command that updates it", async () => {
    const folder = await temporaryFolder();
    const baseline = join(folder, "baseline.json");
    await runMain(["--update-baseline", "--baseline", baseline, "--out", folder], { scenarios: few });
    const edited = JSON.parse(await readFile(baseline, "utf8")) as Report;
    const step = edited.scenarios[0]?.steps[0];
    if (!step) throw new Error("The baseline has no steps.");
    step.status = 401;
    step.errorCodes = [10001];
    await writeFile(baseline, reportJson(edited));
    const result = await runMain(["--baseline", baseline, "--out", folder], { scenarios: few });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("| credentials | list, no credentials | status | 401 | 400 |");
    expect(result.stdout).toContain("| credentials | list, no credentials | error codes | 10001 | 9106 |");
    expect(result.stderr).toContain(UPDATE_BASELINE_COMMAND);
  });

  it("fails, with the command to create it, when there is none", async () => {
    const folder = await temporaryFolder();
    const result = await runMain(["--baseline", join(folder, "none.json"), "--out", folder], {
      scenarios: few,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(UPDATE_BASELINE_COMMAND);
  });

  it("is not updated when a scenario does not complete against the fake", async () => {
    const folder = await temporaryFolder();
    const baseline = join(folder, "baseline.json");
    const broken = {
      name: "broken",
      title: "Stops at once",
      operations: [],
      async run(context: { stop(reason: string): never }) {
        context.stop("on purpose");
      },
    };
    const result = await runMain(["--update-baseline", "--baseline", baseline, "--out", folder], {
      scenarios: [...few, broken],
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Scenario broken did not complete against the fake: stopped (on purpose).",
    );
    expect(result.stderr).toContain("The baseline was not updated.");
    expect(existsSync(baseline)).toBe(false);
  });
});
