#!/usr/bin/env node
// `pnpm release`: build, run every check, then publish the versions
// `pnpm version-packages` prepared, with `changeset publish` (which publishes
// with pnpm, so workspace:* dependencies become exact versions).
//
// Provenance: in a CI job that can mint an OIDC token (GitHub Actions with
// `id-token: write`), the packages are published with npm provenance
// statements. Elsewhere they are published without, rather than failing.

import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// biome-ignore lint/suspicious/noUndeclaredEnvVars: not a turbo task; the variable only says whether CI can mint an OIDC token.
const provenance = Boolean(process.env.CI && process.env.ACTIONS_ID_TOKEN_REQUEST_URL);
const env = { ...process.env, ...(provenance ? { NPM_CONFIG_PROVENANCE: "true" } : {}) };
const run = (command, args) => {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd: root, stdio: "inherit", env });
};

run("pnpm", ["turbo", "run", "build"]);
run("pnpm", ["check"]);
run("pnpm", ["test"]);
console.log(
  provenance ? "\nPublishing with provenance." : "\nPublishing without provenance (no CI OIDC token here).",
);
run("pnpm", ["exec", "changeset", "publish"]);
