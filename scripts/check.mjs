#!/usr/bin/env node
// `pnpm check`: everything that must hold before a change lands, short of the
// tests. Runs every step even after a failure, so one run shows every problem,
// then prints a summary and exits non-zero if any step failed.

import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATED = ["packages/types/src/generated", "packages/testing/src/generated"];

/** Runs a command in the repo root with inherited output; returns its exit status. */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  if (result.error) {
    console.error(`could not start ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

/** Output of a git command, or null when git is not available here. */
function git(...args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout : null;
}

const steps = [
  {
    name: "lint and format (Biome)",
    fix: "pnpm format, then fix what Biome still reports",
    run: () => run("pnpm", ["exec", "biome", "ci", "--error-on-warnings", "."]),
  },
  {
    name: "spec lint (Redocly, recommended-strict)",
    fix: "fix the spec at the file:line Redocly printed",
    run: () =>
      run("pnpm", ["exec", "redocly", "lint", "--format=stylish"], {
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
      }),
  },
  {
    name: "spec info.version matches the packages",
    fix: "node scripts/sync-spec-version.mjs && pnpm generate",
    run: () => run("node", ["scripts/sync-spec-version.mjs", "--check"]),
  },
  {
    name: "published changes come with a changeset",
    fix: "pnpm changeset (see .changeset/README.md)",
    run: () => run("node", ["scripts/check-changesets.mjs"]),
  },
  {
    name: "generated code is up to date",
    fix: "pnpm generate && git add packages/*/src/generated",
    run: () => {
      if (run("pnpm", ["run", "--silent", "generate"]) !== 0) return 1;
      const untracked = git("ls-files", "--others", "--exclude-standard", "--", ...GENERATED);
      if (untracked === null) {
        console.error("git is not available, so the generated files cannot be compared.");
        return 1;
      }
      const diff = run("git", ["--no-pager", "diff", "--exit-code", "--stat", "--", ...GENERATED]);
      if (diff === 0 && untracked.trim() === "") return 0;
      console.error(
        `\nThe committed generated files differ from what the spec generates.${untracked ? `\nNot committed:\n${untracked}` : ""}`,
      );
      return 1;
    },
  },
  {
    name: "typecheck, publint, arethetypeswrong and bundle size (size-limit)",
    fix: "run the failing task with pnpm turbo run <task> --filter <package> and fix what it reports",
    run: () =>
      run("pnpm", ["exec", "turbo", "run", "typecheck", "lint:package", "size", "--output-logs=errors-only"]),
  },
];

const results = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}`);
  const started = performance.now();
  const status = step.run();
  results.push({ ...step, ok: status === 0, seconds: (performance.now() - started) / 1000 });
}

console.log("\n━━ pnpm check summary");
for (const result of results) {
  console.log(`${result.ok ? "✓" : "✗"} ${result.name} (${result.seconds.toFixed(1)} s)`);
  if (!result.ok) console.log(`    fix: ${result.fix}`);
}
const failed = results.filter((result) => !result.ok).length;
if (failed > 0) {
  console.log(`\n${failed} of ${results.length} checks failed.`);
  process.exitCode = 1;
} else {
  console.log(`\nAll ${results.length} checks passed.`);
}
