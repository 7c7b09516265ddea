#!/usr/bin/env node
// `pnpm test:compat`: runs the testing package's tests and the example apps'
// tests (the browser one too, with msw 3's service worker; the Jest one with
// --experimental-vm-modules) a second time,
// under Node 24 with msw 3, the newest pair the packages
// support (msw 3 needs Node 22.12 or later). Node 24 comes from the npm
// registry (the `node@24` package) into a cache folder, and msw 3 into a
// throwaway clone of the workspace, so this checkout is left as it is.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NODE_MAJOR = 24;
const MSW_RANGE = "^3.0.0";
const run = (command, args, cwd, options = {}) => {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return execFileSync(command, args, { cwd, stdio: "inherit", ...options });
};

/** A Node 24 binary from the npm registry's `node` package, installed once into a cache folder. */
function node24() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: not a turbo task; only picks the cache folder.
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const cache = join(base, "cf-user-groups", `node${NODE_MAJOR}`);
  const binary = join(cache, "node_modules", "node", "bin", "node");
  const works = () => {
    try {
      return execFileSync(binary, ["--version"], { encoding: "utf8" }).trim().startsWith(`v${NODE_MAJOR}.`);
    } catch {
      return false;
    }
  };
  if (!works()) {
    mkdirSync(cache, { recursive: true });
    run(
      "npm",
      ["install", "--prefix", cache, "--no-audit", "--no-fund", "--no-save", `node@${NODE_MAJOR}`],
      cache,
    );
    // The package puts the binary in place from a preinstall script; run it if npm did not.
    if (!works())
      run(process.execPath, ["installArchSpecificPackage.js"], join(cache, "node_modules", "node"));
    if (!works())
      throw new Error(`Could not install Node ${NODE_MAJOR} from the npm registry into ${cache}.`);
  }
  return binary;
}

const node = node24();
const work = mkdtempSync(join(tmpdir(), "cf-user-groups-compat-"));
try {
  const copy = join(work, "repo");
  run("git", ["clone", "--quiet", root, copy], root);
  // Every package resolves msw 3 in the copy.
  const workspace = join(copy, "pnpm-workspace.yaml");
  writeFileSync(workspace, `${readFileSync(workspace, "utf8")}\noverrides:\n  msw: "${MSW_RANGE}"\n`);
  run("pnpm", ["install", "--no-frozen-lockfile", "--config.engine-strict=false"], copy);
  run("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], copy);

  const versions = {
    node: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(),
    msw: JSON.parse(readFileSync(join(copy, "packages/testing/node_modules/msw/package.json"), "utf8"))
      .version,
  };
  console.log(
    `\nRunning the testing package's and the example apps' tests with Node ${versions.node} and msw ${versions.msw}`,
  );
  if (!versions.msw.startsWith("3.")) throw new Error(`expected msw 3 in the copy, found ${versions.msw}`);
  const vitest = join(copy, "node_modules/vitest/vitest.mjs");
  run(
    node,
    [vitest, "run", "--project", "testing", "--project", "group-sync", "--project", "browser-app"],
    copy,
    {
      env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` },
    },
  );
  // msw 3 is ES modules only, which Jest's CommonJS mode loads natively on Node 24.9 and later
  // with --experimental-vm-modules, as the testing package's README says ("With Jest").
  const jestApp = join(copy, "examples/jest-app");
  run(node, [join(jestApp, "node_modules/jest/bin/jest.js")], jestApp, {
    env: {
      ...process.env,
      PATH: `${dirname(node)}:${process.env.PATH}`,
      NODE_OPTIONS: "--experimental-vm-modules",
    },
  });
  console.log(`\nCompatibility run passed: Node ${versions.node}, msw ${versions.msw}.`);
} finally {
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
