import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { CleanupError, deleteLeftovers, newRunPrefix } from "./cleanup.js";
import { compareReports } from "./compare.js";
import { type CleanupFigures, CreatedGroups, finalCleanup } from "./created-groups.js";
import {
  FAKE_POLICY,
  FAKE_SCIM_GROUP_ID,
  FAKE_SECOND_TOKEN,
  FAKE_TOKEN,
  type FakeTarget,
  startFakeTarget,
} from "./fake-target.js";
import { liveConfigFromEnv } from "./live-config.js";
import { comparisonMarkdown, reportMarkdown } from "./markdown.js";
import { createPacer, type Sleep } from "./pacer.js";
import {
  REPORT_FORMAT,
  type Report,
  ReportFileError,
  readReport,
  reportJson,
  type ScenarioRecord,
  withoutRunInfo,
  writeReport,
} from "./report.js";
import { scenarios as allScenarios } from "./scenarios/index.js";
import { runScenarios, type Scenario, type Target } from "./suite.js";
import { describeError, Interrupted, Wire } from "./wire.js";

/** Requests per second a live run allows itself: half Cloudflare's average of 4 (1,200 per 5 minutes). */
export const LIVE_REQUESTS_PER_SECOND = 2;
/** A live run that sends more than this has a bug; it stops (cleanup still runs). */
export const LIVE_REQUEST_BUDGET = 600;

/** Printed when a fake run differs from its baseline, workers-sdk style. */
export const UPDATE_BASELINE_COMMAND = "pnpm test:contract --update-baseline";

/** The help text, also printed after a usage error. */
export const USAGE = `Usage:
  cf-user-groups-contract                      run against the fake, compare with its baseline
  cf-user-groups-contract --update-baseline    run against the fake and save the result as its baseline
  cf-user-groups-contract --live               run against the live API (needs the environment below)
  cf-user-groups-contract --compare A.json B.json
                                               list every difference between two saved reports

Options:
  --out DIR                  where reports go (default: contract/reports)
  --baseline FILE            the fake's baseline (default: contract/baseline/fake.json)
  --no-baseline              do not compare with the baseline
  --leftovers-older-than M   delete cf-contract- groups of crashed runs older than M minutes (default 60)

A live run needs --live and all of:
  CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID,
  CLOUDFLARE_CONTRACT_MEMBER_IDS   two or more existing account members, comma-separated
Optional: CLOUDFLARE_BASE_URL, CLOUDFLARE_CONTRACT_PERMISSION_GROUP_ID with
  CLOUDFLARE_CONTRACT_RESOURCE_GROUP_ID (policy scenario), CLOUDFLARE_CONTRACT_SCIM_GROUP_ID.
Without --live, these variables are ignored.

Exit codes: 0 no drift, 1 drift or a failed check, 2 refused to start, 130 interrupted.`;

/** What {@link main} reads and writes; the CLI passes the process's, tests their own. */
export interface MainIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The package folder: reports and the baseline live under it. */
  packageDir: string;
  /** The live pacer's clock and wait. @default performance.now and setTimeout */
  pacing?: { now: () => number; sleep: Sleep };
  /** Aborted on Ctrl+C: no new scenario request goes out, cleanup still does. */
  signal?: AbortSignal;
  /** @default the global fetch */
  fetch?: typeof fetch;
  /** Only these scenarios, for the suite's own tests. @default every scenario */
  scenarios?: readonly Scenario[];
}

/** Runs the command line; resolves to the exit code. */
export async function main(io: MainIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(io.argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.compare) {
    if (positionals.length !== 2 || values.live || values["update-baseline"]) {
      io.stderr(`--compare takes two report files and nothing else.\n\n${USAGE}\n`);
      return 2;
    }
    return compareFiles(io, positionals[0] as string, positionals[1] as string);
  }
  if (positionals.length > 0) {
    io.stderr(`Unexpected argument ${JSON.stringify(positionals[0])}.\n\n${USAGE}\n`);
    return 2;
  }
  if (values.live && values["update-baseline"]) {
    io.stderr("--update-baseline records the fake's behaviour; it cannot be combined with --live.\n");
    return 2;
  }
  const olderThanMinutes = Number(values["leftovers-older-than"] ?? 60);
  if (!Number.isFinite(olderThanMinutes) || olderThanMinutes < 10) {
    io.stderr("--leftovers-older-than must be a number of minutes, 10 or more.\n");
    return 2;
  }
  const options: RunOptions = {
    out: values.out ?? join(io.packageDir, "reports"),
    baseline: values["no-baseline"]
      ? undefined
      : (values.baseline ?? join(io.packageDir, "baseline", "fake.json")),
    updateBaseline: values["update-baseline"] ?? false,
    olderThanMs: olderThanMinutes * 60_000,
  };
  return values.live ? runLive(io, options) : runFake(io, options);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      live: { type: "boolean" },
      compare: { type: "boolean" },
      "update-baseline": { type: "boolean" },
      "no-baseline": { type: "boolean" },
      out: { type: "string" },
      baseline: { type: "string" },
      "leftovers-older-than": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

interface RunOptions {
  out: string;
  /** The baseline to compare with; undefined with --no-baseline. */
  baseline: string | undefined;
  updateBaseline: boolean;
  olderThanMs: number;
}

async function compareFiles(io: MainIo, first: string, second: string): Promise<number> {
  let a: Report;
  let b: Report;
  try {
    [a, b] = await Promise.all([readReport(first), readReport(second)]);
  } catch (error) {
    if (!(error instanceof ReportFileError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
  const comparison = compareReports(a, b);
  io.stdout(
    `${comparisonMarkdown(comparison, { a: `${a.target} (${first})`, b: `${b.target} (${second})` })}\n`,
  );
  return comparison.differences.length > 0 ? 1 : 0;
}

async function runFake(io: MainIo, options: RunOptions): Promise<number> {
  const fake: FakeTarget = await startFakeTarget();
  try {
    const wire = new Wire({
      baseURL: fake.server.baseURL,
      accountId: fake.accountId,
      token: FAKE_TOKEN,
      pace: createPacer({ requestsPerSecond: 0 }),
      maxRequests: 2_000,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    const target: Target = {
      kind: "fake",
      wire,
      memberIds: fake.memberIds,
      policy: FAKE_POLICY,
      scimGroupId: FAKE_SCIM_GROUP_ID,
      controls: { setRateLimit: fake.setRateLimit, secondToken: FAKE_SECOND_TOKEN },
    };
    const run = await runAgainst(io, target, options);
    if (typeof run === "number") return run;
    const problems = [...run.problems];
    const violations = fake.server.mock.violations;
    if (violations.length > 0) {
      problems.push(
        `The fake sent ${violations.length} response(s) that break its own spec:\n${violations.map((violation) => `  ${violation.message}`).join("\n")}`,
      );
    }
    for (const scenario of run.report.scenarios) {
      if (scenario.outcome !== "complete") {
        problems.push(
          `Scenario ${scenario.name} did not complete against the fake: ${scenario.outcome} (${scenario.reason ?? ""}).`,
        );
      }
    }
    if (problems.length > 0) {
      io.stderr(`\n${problems.join("\n")}\n`);
      if (options.updateBaseline) io.stderr("The baseline was not updated.\n");
      return 1;
    }
    if (options.updateBaseline) {
      const path = options.baseline ?? join(io.packageDir, "baseline", "fake.json");
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, reportJson(withoutRunInfo(run.report)));
      io.stdout(`Baseline updated: ${path}. Review the diff and commit it.\n`);
      return 0;
    }
    return compareWithBaseline(io, run.report, options.baseline);
  } finally {
    await fake.close();
  }
}

async function runLive(io: MainIo, options: RunOptions): Promise<number> {
  const parsed = liveConfigFromEnv(io.env);
  if ("problems" in parsed) {
    io.stderr(
      `Refusing to start a live run; nothing was sent and nothing was written:\n${parsed.problems.map((problem) => `  - ${problem}`).join("\n")}\n\nA live run needs --live together with CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_CONTRACT_MEMBER_IDS.\n`,
    );
    return 2;
  }
  const { config } = parsed;
  const wire = new Wire({
    baseURL: config.baseURL,
    accountId: config.accountId,
    token: config.token,
    pace: createPacer({ requestsPerSecond: LIVE_REQUESTS_PER_SECOND, ...io.pacing }),
    maxRequests: LIVE_REQUEST_BUDGET,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  const target: Target = {
    kind: "live",
    wire,
    memberIds: config.memberIds,
    ...(config.policy ? { policy: config.policy } : {}),
    ...(config.scimGroupId ? { scimGroupId: config.scimGroupId } : {}),
  };
  io.stderr(`Live run against ${config.baseURL}, at most ${LIVE_REQUESTS_PER_SECOND} requests per second.\n`);
  const run = await runAgainst(io, target, options);
  if (typeof run === "number") return run;
  // A stopped scenario is a finding; an error (the network, a bug) makes the report incomplete.
  const problems = [
    ...run.problems,
    ...run.report.scenarios
      .filter((scenario) => scenario.outcome === "error")
      .map((scenario) => `Scenario ${scenario.name} failed: ${scenario.reason ?? ""}`),
  ];
  if (problems.length > 0) io.stderr(`\n${problems.join("\n")}\n`);
  const drift = await compareWithBaseline(io, run.report, options.baseline);
  return problems.length > 0 ? 1 : drift;
}

/**
 * Cleans up after crashed runs, runs the scenarios, cleans up after itself
 * (whatever happened), writes and prints the report. Resolves to an exit
 * code when the run could not produce a report.
 */
async function runAgainst(
  io: MainIo,
  target: Target,
  options: RunOptions,
): Promise<number | { report: Report; problems: string[] }> {
  const startedAt = new Date().toISOString();
  const runPrefix = newRunPrefix();
  const created = new CreatedGroups();
  let leftoversDeleted: number;
  try {
    leftoversDeleted = await deleteLeftovers(target.wire, { olderThanMs: options.olderThanMs });
  } catch (error) {
    // Refused credentials, a wrong account, no network: stop before anything is created.
    const reason = error instanceof CleanupError ? error.message : `${describeError(error)}.`;
    io.stderr(
      `The ${target.kind} API did not answer the first request, a list of user groups: ${reason} Nothing was created and no report was written.\n`,
    );
    return 2;
  }
  if (leftoversDeleted > 0) io.stderr(`Deleted ${leftoversDeleted} group(s) left by earlier runs.\n`);
  let records: ScenarioRecord[] = [];
  let interrupted = false;
  let figures: CleanupFigures;
  try {
    records = await runScenarios({
      target,
      scenarios: io.scenarios ?? allScenarios,
      runPrefix,
      created,
      onScenario: (record) =>
        io.stderr(
          `${record.outcome === "complete" ? "✓" : "·"} ${record.name}: ${record.outcome}, ${record.steps.length} steps${record.reason ? ` (${record.reason})` : ""}\n`,
        ),
    });
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    interrupted = true;
  } finally {
    // Whatever happened, the groups this run created go.
    figures = await finalCleanup(target.wire, created, runPrefix);
  }
  if (interrupted) {
    io.stderr(
      `Interrupted. Cleaned up: ${figures.created} group(s) created, ${figures.remaining} left behind. No report was written.\n`,
    );
    return 130;
  }
  const report: Report = {
    format: REPORT_FORMAT,
    target: target.kind,
    run: {
      startedAt,
      finishedAt: new Date().toISOString(),
      baseURL: target.wire.baseURL,
      runPrefix,
      requests: target.wire.sent,
      leftoversDeleted,
      ...figures,
    },
    scenarios: records,
  };
  const markdown = reportMarkdown(report);
  const written = await writeReport(report, markdown, options.out);
  io.stdout(`${markdown}\n`);
  io.stdout(
    `Report: ${relativeOrAbsolute(written.json)} (Markdown: ${relativeOrAbsolute(written.markdown)}; latest: ${relativeOrAbsolute(written.latestJson)})\n\n`,
  );
  const problems =
    figures.remaining > 0
      ? [`${figures.remaining} group(s) this run created could not be deleted (prefix ${runPrefix}).`]
      : [];
  return { report, problems };
}

const relativeOrAbsolute = (path: string) => {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
};

async function compareWithBaseline(
  io: MainIo,
  report: Report,
  baselinePath: string | undefined,
): Promise<number> {
  if (baselinePath === undefined) return 0;
  let baseline: Report;
  try {
    baseline = await readReport(baselinePath);
  } catch (error) {
    if (!(error instanceof ReportFileError)) throw error;
    io.stderr(
      `${error.message}\nTo record the fake's behaviour as the baseline, run:\n\n  ${UPDATE_BASELINE_COMMAND}\n`,
    );
    return 1;
  }
  const comparison = compareReports(baseline, report);
  io.stdout(
    `${comparisonMarkdown(comparison, { a: `fake baseline (${relativeOrAbsolute(baselinePath)})`, b: `${report.target} (this run)` })}\n`,
  );
  if (comparison.differences.length === 0) return 0;
  if (report.target === "fake") {
    io.stderr(
      `The fake's behaviour differs from its baseline. If the change is intended, update the baseline and commit it:\n\n  ${UPDATE_BASELINE_COMMAND}\n`,
    );
  } else {
    io.stderr(
      "The live API differs from the fake's baseline. Each difference is drift to fix in the fake, or an assumption in spec/README.md that this run settles.\n",
    );
  }
  return 1;
}
