#!/usr/bin/env node
// `pnpm test:stress`: runs the whole test suite several times on a machine
// kept busy on purpose, and says which test files ever failed. It builds once,
// starts CPU hogs, then per run starts every package's `test` script at once
// (as `pnpm test` does through turbo, but never from turbo's cache), each
// writing its runner's JSON report (Vitest's or Playwright's) next to a log of
// its usual output. At the end it prints every test file with the runs it
// passed, each failure with its first error line, and exits non-zero if
// anything failed in any run.
//
//   pnpm test:stress                      5 runs, 2 hogs
//   pnpm test:stress --runs 10 --hogs 3   or STRESS_RUNS=10 STRESS_HOGS=3 pnpm test:stress

import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** A package run that takes this long is stuck, not slow: it is stopped and counted as failed. */
const STUCK_AFTER_MS = 30 * 60_000;
/**
 * A CPU-bound loop like `for(;;){}` that also ends if this script dies without
 * stopping it (its parent changes), so a killed stress run leaves no hog behind.
 */
const HOG =
  "const parent = process.ppid; for (let i = 1; ; i++) if (i % 1e8 === 0 && process.ppid !== parent) process.exit();";

function count(name, value, fallback) {
  const text = value ?? fallback;
  const number = Number(text);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`${name} must be a whole number, not ${JSON.stringify(text)}.`);
    process.exit(2);
  }
  return number;
}

const { values: options } = parseArgs({
  options: {
    runs: { type: "string" },
    hogs: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (options.help) {
  console.log(
    "Usage: pnpm test:stress [--runs N] [--hogs N]\n\n" +
      "Builds once, then runs every package's tests in parallel N times (default 5, or STRESS_RUNS)\n" +
      "with N CPU-bound processes alongside (default 2, or STRESS_HOGS), and reports each test file's\n" +
      "passed runs. Exits 1 if any file failed in any run.",
  );
  process.exit(0);
}
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script only, which turbo does not run.
const runs = count("--runs", options.runs ?? process.env.STRESS_RUNS, "5");
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script only, which turbo does not run.
const hogCount = count("--hogs", options.hogs ?? process.env.STRESS_HOGS, "2");
if (runs < 1) {
  console.error("--runs must be at least 1.");
  process.exit(2);
}

/** Workspace packages with a `test` script, found where pnpm-workspace.yaml says packages live. */
function testedPackages() {
  // The `packages:` list only: other lists in the file name dependencies, not folders.
  const list = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").match(
    /^packages:\n((?:\s+- .*\n)+)/m,
  )?.[1];
  const entries = [...(list ?? "").matchAll(/^\s+- "?([^"\n*]+?)(\/\*)?"?$/gm)];
  const dirs = entries.flatMap(([, folder, star]) =>
    star
      ? readdirSync(join(root, folder), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(folder, entry.name))
      : [folder],
  );
  return dirs
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .map((dir) => ({
      dir,
      script: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).scripts?.test,
    }))
    .filter(({ script }) => script);
}

/**
 * The test runners whose JSON report this script reads: how to ask each for
 * the report (keeping its usual output for the log), and how to read it.
 * A package whose runner is not listed counts as one entry, its whole run.
 */
const runners = [
  {
    name: "vitest",
    matches: (script) => /^vitest\b/.test(script),
    args: (report) => ["--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    env: () => ({}),
    read: readVitestReport,
  },
  {
    name: "playwright",
    matches: (script) => /^playwright test\b/.test(script),
    args: () => ["--reporter=list,json"],
    env: (report) => ({ PLAYWRIGHT_JSON_OUTPUT_FILE: report }),
    read: readPlaywrightReport,
  },
];

// ---- Processes that must not outlive this script -----------------------------

const hogs = [];
/** Package runs, each the leader of its own process group, so stopping one stops its Vitest workers too. */
const running = new Set();

function stopGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function stopEverything() {
  for (const hog of hogs.splice(0)) hog.kill("SIGKILL");
  for (const child of running) stopGroup(child, "SIGKILL");
}

process.on("exit", stopEverything);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the test runs and the CPU hogs.`);
    stopEverything();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal] ?? 0));
  });
}

// ---- One run -------------------------------------------------------------------

/** Starts one package's `test` script, with its runner's JSON report asked for; resolves when it has exited. */
function runPackage({ dir, script }, runDir) {
  const name = dir.replaceAll("/", "-");
  const report = join(runDir, `${name}.json`);
  const logFile = join(runDir, `${name}.log`);
  const log = openSync(logFile, "w");
  const runner = runners.find((candidate) => candidate.matches(script));
  const child = spawn("pnpm", ["run", "test", ...(runner?.args(report) ?? [])], {
    cwd: join(root, dir),
    env: { ...process.env, ...runner?.env(report) },
    stdio: ["ignore", log, log],
    detached: true,
  });
  running.add(child);
  closeSync(log);
  let stuck = false;
  const watchdog = setTimeout(() => {
    stuck = true;
    stopGroup(child, "SIGKILL");
  }, STUCK_AFTER_MS);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      running.delete(child);
      resolve({ dir, runner, report, logFile, code, signal, stuck });
    });
  });
}

const firstLine = (text) =>
  stripVTControlCharacters(text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean) ?? "(no message)";

/** The first line of a log that looks like an error, for a run that left no report. */
function firstErrorInLog(logFile) {
  const lines = stripVTControlCharacters(readFileSync(logFile, "utf8")).split("\n");
  return (
    lines.find((line) => /\b(Error|FAIL|failed|ERR_|Unhandled)\b/.test(line))?.trim() ??
    lines.filter(Boolean).at(-1)?.trim() ??
    "(empty log)"
  );
}

/** Vitest's JSON report (Jest's format): one entry per test file, with its failed tests. */
function readVitestReport(json, results, failures) {
  for (const file of json.testResults ?? []) {
    const name = relative(root, file.name);
    const failed = file.status === "failed";
    results.set(name, !failed);
    if (!failed) continue;
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    if (failedTests.length === 0) failures.push({ file: name, test: "", error: firstLine(file.message) });
    for (const test of failedTests) {
      failures.push({ file: name, test: test.fullName, error: firstLine(test.failureMessages?.[0]) });
    }
  }
}

/**
 * Playwright's JSON report: a suite per file, holding specs and nested
 * suites. A test that failed counts even if a retry passed ("flaky").
 */
function readPlaywrightReport(json, results, failures) {
  const walk = (suite, file, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const failed = test.status === "unexpected" || test.status === "flaky";
        results.set(file, (results.get(file) ?? true) && !failed);
        if (!failed) continue;
        const error = test.results?.find((result) => result.error)?.error?.message;
        const name = [...titles, spec.title].join(" > ");
        failures.push({ file, test: `[${test.projectName}] ${name}`, error: firstLine(error) });
      }
    }
    for (const child of suite.suites ?? []) walk(child, file, [...titles, child.title]);
  };
  for (const suite of json.suites ?? []) {
    const file = relative(root, join(json.config?.rootDir ?? root, suite.file ?? suite.title));
    if (!results.has(file)) results.set(file, true);
    walk(suite, file, []);
  }
}

/**
 * What one package's run says about its test files: `results` maps each file
 * to whether it passed, `failures` lists what failed. The run as a whole is an
 * entry too, `<package> (whole run)`, since a runner also fails a run for
 * errors outside any test (an unhandled rejection, a file that does not load,
 * a server that does not start).
 */
function readOutcome({ dir, runner, report, logFile, code, signal, stuck }) {
  const results = new Map();
  const failures = [];
  const whole = `${dir} (whole run)`;
  if (runner && !existsSync(report)) {
    results.set(whole, false);
    const why = stuck ? `stopped after ${STUCK_AFTER_MS / 60_000} min` : `exit ${code ?? signal}`;
    failures.push({ file: whole, test: "", error: `${why}, no report: ${firstErrorInLog(logFile)}` });
    return { results, failures };
  }
  runner?.read(JSON.parse(readFileSync(report, "utf8")), results, failures);
  const wholeRunPassed = code === 0 && !stuck;
  results.set(whole, wholeRunPassed);
  if (!wholeRunPassed && failures.length === 0) {
    failures.push({ file: whole, test: "", error: `exit ${code ?? signal}: ${firstErrorInLog(logFile)}` });
  }
  return { results, failures };
}

// ---- Main ------------------------------------------------------------------------

const started = Date.now();
const seconds = (ms) => `${Math.round(ms / 1000)} s`;
const out = join(root, "node_modules/.cache/test-stress", new Date().toISOString().replaceAll(":", "-"));
mkdirSync(out, { recursive: true });
const packages = testedPackages();

console.log("Building once (turbo; a cached build is fine, tests are never taken from the cache)...");
const build = spawnSync("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) {
  console.error("The build failed; no tests were run.");
  process.exit(1);
}

for (let index = 0; index < hogCount; index++) {
  hogs.push(spawn(process.execPath, ["-e", HOG], { stdio: "ignore" }));
}
console.log(
  `\n${runs} run(s) of ${packages.length} packages' tests in parallel (${packages.map(({ dir }) => dir).join(", ")}), ` +
    `with ${hogCount} CPU hog(s) alongside. Logs and reports: ${relative(root, out)}`,
);

/** Per test file: how many runs it passed in. */
const tally = new Map();
const allFailures = [];
for (let run = 1; run <= runs; run++) {
  const runDir = join(out, `run-${run}`);
  mkdirSync(runDir);
  const runStarted = Date.now();
  const outcomes = (await Promise.all(packages.map((tested) => runPackage(tested, runDir)))).map(readOutcome);
  let failedFiles = 0;
  for (const { results, failures } of outcomes) {
    for (const [file, passed] of results) {
      tally.set(file, (tally.get(file) ?? 0) + (passed ? 1 : 0));
      if (!passed) failedFiles += 1;
    }
    allFailures.push(...failures.map((failure) => ({ run, ...failure })));
  }
  console.log(
    `run ${run}/${runs}: ${seconds(Date.now() - runStarted)}, ` +
      (failedFiles === 0 ? "every file passed" : `${failedFiles} file(s) failed`),
  );
}
stopEverything();

const rows = [...tally.keys()].sort();
const width = Math.max(...rows.map((file) => file.length), "test file".length);
console.log(`\n${"test file".padEnd(width)}  passed runs`);
let anyFailed = allFailures.length > 0;
for (const file of rows) {
  const passed = tally.get(file);
  // A file missing from a run's report (its package crashed) did not pass that run.
  if (passed < runs) anyFailed = true;
  console.log(`${file.padEnd(width)}  ${passed}/${runs}${passed < runs ? "  <-- FAILED" : ""}`);
}
if (allFailures.length > 0) {
  console.log("\nFailures:");
  for (const { run, file, test, error } of allFailures) {
    console.log(`  run ${run}  ${file}${test ? ` > ${test}` : ""}\n           ${error}`);
  }
}
console.log(
  `\n${runs} run(s), ${hogCount} CPU hog(s), ${packages.length} packages in parallel per run: ` +
    `${seconds(Date.now() - started)} in all. Logs and reports: ${relative(root, out)}`,
);
console.log(anyFailed ? "Some test files failed: see above." : "Every test file passed every run.");
process.exit(anyFailed ? 1 : 0);
