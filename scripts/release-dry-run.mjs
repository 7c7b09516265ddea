#!/usr/bin/env node
// `pnpm release:dry-run`: checks the release flow without publishing. On a
// throwaway clone it runs what `pnpm version-packages` runs (changeset
// version, then the spec version sync) and checks the result: every pending
// changeset consumed into CHANGELOG entries, one version for the three
// packages (the fixed group), internal dependencies still pointing at the
// workspace, and the spec's info.version following them.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["types", "client", "testing"];
const problems = [];
const expect = (condition, message) => {
  if (!condition) problems.push(message);
};
const pending = (dir) =>
  readdirSync(join(dir, ".changeset")).filter((file) => file.endsWith(".md") && file !== "README.md");

const work = mkdtempSync(join(tmpdir(), "cf-user-groups-release-"));
try {
  const copy = join(work, "repo");
  execFileSync("git", ["clone", "--quiet", root, copy]);
  const changesets = pending(copy);
  const read = (file) => JSON.parse(readFileSync(join(copy, file), "utf8"));
  const before = Object.fromEntries(
    PACKAGES.map((name) => [name, read(`packages/${name}/package.json`).version]),
  );
  console.log(`Pending changesets: ${changesets.length ? changesets.join(", ") : "none"}`);
  console.log(`Versions before: ${PACKAGES.map((name) => `${name}@${before[name]}`).join(", ")}`);

  // The CLI from this workspace's node_modules, run in the copy.
  const changeset = join(root, "node_modules/@changesets/cli/bin.js");
  execFileSync(process.execPath, [changeset, "version"], { cwd: copy, stdio: "inherit" });
  execFileSync(process.execPath, [join(copy, "scripts/sync-spec-version.mjs")], {
    cwd: copy,
    stdio: "inherit",
  });

  const after = Object.fromEntries(
    PACKAGES.map((name) => [name, read(`packages/${name}/package.json`).version]),
  );
  const versions = new Set(Object.values(after));
  expect(versions.size === 1, `the packages should share one version, got ${JSON.stringify(after)}`);
  const [version] = versions;
  if (changesets.length > 0) {
    expect(version !== before.types, `pending changesets should bump the version, still ${version}`);
    expect(
      pending(copy).length === 0,
      `changeset version should consume every changeset, left ${pending(copy).join(", ")}`,
    );
  }
  for (const name of PACKAGES) {
    const manifest = read(`packages/${name}/package.json`);
    for (const [dependency, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    })) {
      if (dependency.startsWith("@cf-user-groups/")) {
        expect(
          range === "workspace:*",
          `${name} should depend on ${dependency} as workspace:* (pnpm pins it on publish), got ${range}`,
        );
      }
    }
    const changelog = join(copy, `packages/${name}/CHANGELOG.md`);
    if (changesets.length > 0) {
      expect(existsSync(changelog), `packages/${name}/CHANGELOG.md should exist`);
      const text = existsSync(changelog) ? readFileSync(changelog, "utf8") : "";
      expect(
        text.includes(`## ${version}`),
        `packages/${name}/CHANGELOG.md should have a "## ${version}" entry`,
      );
    }
  }
  const spec = readFileSync(join(copy, "spec/openapi.yaml"), "utf8");
  expect(
    new RegExp(`^  version: ${version?.replaceAll(".", "\\.")}$`, "m").test(spec),
    `spec/openapi.yaml info.version should be ${version}`,
  );

  console.log(
    `Versions after:  ${PACKAGES.map((name) => `${name}@${after[name]}`).join(", ")}; spec info.version ${version}`,
  );
  for (const name of PACKAGES) {
    const changelog = join(copy, `packages/${name}/CHANGELOG.md`);
    if (existsSync(changelog)) {
      const entry = readFileSync(changelog, "utf8").split(/\n(?=## )/)[1] ?? "";
      console.log(
        `\npackages/${name}/CHANGELOG.md, newest entry:\n${entry.trim().split("\n").slice(0, 8).join("\n")}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\nRelease dry run failed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("\nRelease dry run passed: nothing was published.");
