#!/usr/bin/env node
// Builds the package in the current folder: clears dist/ (so a renamed source
// never leaves a stale file to publish), compiles with tsconfig.build.json,
// then copies any `--copy <from>:<to>` files into place.
//
// Usage (from a package's build script): node ../../scripts/build-package.mjs [--copy src/a.json:dist/a.json]

import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { copy: { type: "string", multiple: true, default: [] } } });
const tsc = createRequire(`${process.cwd()}/package.json`).resolve("typescript/bin/tsc");

rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
for (const pair of values.copy) {
  const [from, to] = pair.split(":");
  if (!from || !to) throw new Error(`--copy takes <from>:<to>, got "${pair}"`);
  copyFileSync(from, to);
}
