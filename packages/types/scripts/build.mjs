#!/usr/bin/env node
// Emits the declaration files and ships the bundled spec beside them. dist/ is
// rebuilt from scratch so a renamed source never leaves a stale file to publish.

import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(join(packageDir, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(packageDir, "tsconfig.build.json")], { stdio: "inherit" });
copyFileSync(join(packageDir, "src/generated/openapi.json"), join(packageDir, "dist/openapi.json"));
