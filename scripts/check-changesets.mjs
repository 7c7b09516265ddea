#!/usr/bin/env node
// Fails when a branch changes what a published package ships without adding
// a changeset. Compares against main (the merge base); skipped on main itself,
// and when main cannot be found (a shallow clone).

import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const git = (...args) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const attempt = (...args) => {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
};

const branch = attempt("rev-parse", "--abbrev-ref", "HEAD");
if (branch === undefined) {
  console.log("Not a git checkout: changeset check skipped.");
  process.exit(0);
}
if (branch === "main") {
  console.log("On main: changeset check skipped (changesets are checked on branches).");
  process.exit(0);
}
const base = ["main", "origin/main"].map((ref) => attempt("merge-base", "HEAD", ref)).find(Boolean);
if (!base) {
  console.log("No main branch to compare with: changeset check skipped.");
  process.exit(0);
}

// Committed on the branch, plus anything not committed yet.
const changed = new Set(
  [
    attempt("diff", "--name-only", `${base}...HEAD`),
    attempt("diff", "--name-only", "HEAD"),
    attempt("ls-files", "--others", "--exclude-standard"),
  ]
    .join("\n")
    .split("\n")
    .filter(Boolean),
);
// What users receive: package sources (not tests), manifests and READMEs, and the spec the types come from.
const shipped = [...changed].filter((file) =>
  /^packages\/(types|client|testing)\/(src\/|package\.json$|README\.md$)|^spec\//.test(file),
);
const changesets = [...changed].filter((file) => /^\.changeset\/(?!README\.md$)[^/]+\.md$/.test(file));

if (shipped.length > 0 && changesets.length === 0) {
  console.error(
    `This branch changes what the published packages ship, but adds no changeset:\n${shipped.map((file) => `  ${file}`).join("\n")}\n\n` +
      "Fix: pnpm changeset (see .changeset/README.md). Changes users cannot notice need none; say why in the commit.",
  );
  process.exit(1);
}
console.log(
  shipped.length > 0
    ? `${changesets.length} changeset(s) cover the ${shipped.length} shipped file(s) this branch changes.`
    : "This branch changes nothing the published packages ship.",
);
