#!/usr/bin/env node
// Keeps spec/openapi.yaml's info.version equal to the published packages'
// version (they share one, as a changesets fixed group).
//
//   node scripts/sync-spec-version.mjs           write the packages' version into the spec
//   node scripts/sync-spec-version.mjs --check   exit 1, with the fix, if they differ

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["types", "client", "testing"];
const SPEC = join(root, "spec/openapi.yaml");

const versions = PACKAGES.map((name) => {
  const { version } = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
  return [name, version];
});
const distinct = [...new Set(versions.map(([, version]) => version))];
if (distinct.length !== 1) {
  console.error(
    `The published packages must share one version (the changesets fixed group), but have ${versions
      .map(([name, version]) => `${name}@${version}`)
      .join(", ")}.`,
  );
  process.exit(1);
}
const [version] = distinct;

const spec = readFileSync(SPEC, "utf8");
// info.version is the first two-space-indented `version:` line, inside `info:`.
const pattern = /^(info:\n(?: {2}.*\n)*? {2}version: )(.+)$/m;
const match = pattern.exec(spec);
if (!match) {
  console.error("spec/openapi.yaml has no info.version.");
  process.exit(1);
}
const current = match[2].trim().replace(/^["']|["']$/g, "");

if (process.argv.includes("--check")) {
  if (current !== version) {
    console.error(
      `spec/openapi.yaml says info.version ${current}, the packages are at ${version}.\n` +
        "Fix: node scripts/sync-spec-version.mjs && pnpm generate",
    );
    process.exit(1);
  }
  console.log(`spec/openapi.yaml info.version ${current} matches the packages.`);
} else if (current !== version) {
  writeFileSync(SPEC, spec.replace(pattern, `$1${version}`));
  console.log(`spec/openapi.yaml info.version: ${current} → ${version}`);
}
