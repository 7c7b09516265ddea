#!/usr/bin/env node
// `pnpm test:packed`: proves the published packages work as users get them.
//
// Builds and packs the three packages, copies examples/group-sync to a folder
// outside the workspace, installs the tarballs there with npm (no workspace
// links, no path mappings), type-checks the app with moduleResolution bundler
// and node16 against every supported TypeScript version, runs its tests, and
// prints the size of each tarball. examples/jest-app gets the same treatment
// and runs its Jest tests: only there do the packages sit in node_modules, so
// only there does its transformIgnorePatterns (the README's) have to let them
// through. A file missing from `files`, a wrong
// `exports` entry or a dependency only the workspace provides fails it.
// Then, in projects of their own: mock.fetch works without msw installed, and
// mock.handlers says what to install when msw is missing, or is msw 3 on a
// Node older than 22.12.

import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["types", "client", "testing"];
/** TypeScript versions the types are promised to work with (see README, Compatibility). */
export const TYPESCRIPT_VERSIONS = ["5.9", "6.0", "7.0"];
const keep = process.argv.includes("--keep");

const run = (command, args, cwd, env = {}) => {
  console.log(`\n$ ${command} ${args.join(" ")}   (in ${cwd.replace(root, ".")})`);
  execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
};

/** Packed size, unpacked size and file count of a .tgz, read from its tar headers. */
function tarballSize(file) {
  const tar = gunzipSync(readFileSync(file));
  let unpacked = 0;
  let files = 0;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(
      header.subarray(124, 136).toString("latin1").replace(/\0.*$/s, "").trim() || "0",
      8,
    );
    const type = String.fromCharCode(header[156] || 48);
    if (type === "0") {
      files += 1;
      unpacked += size;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { packed: statSync(file).size, unpacked, files };
}

/** A project outside the workspace with the testing package from its tarball, and `extra` dependencies. */
function usersOf(work, name, tarballs, extra) {
  const project = join(work, name);
  mkdirSync(project);
  const dependencies = { "@cf-user-groups/testing": `file:${tarballs["@cf-user-groups/testing"]}`, ...extra };
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name, private: true, type: "module", dependencies, overrides }, null, 2)}\n`,
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--engine-strict=false"], project);
  return project;
}

/**
 * examples/<name> copied outside the workspace, its workspace dependencies
 * pointed at the tarballs, `edit`ed, and installed with npm.
 */
function exampleFromTarballs(work, name, tarballs, edit) {
  const app = join(work, name);
  cpSync(join(root, "examples", name), app, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist|\.turbo)([/\\]|$)/.test(source),
  });
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  for (const field of ["dependencies", "devDependencies"]) {
    for (const dependency of Object.keys(manifest[field] ?? {})) {
      if (tarballs[dependency]) manifest[field][dependency] = `file:${tarballs[dependency]}`;
    }
  }
  // The packages depend on each other by version; point those at the tarballs too.
  manifest.overrides = Object.fromEntries(
    Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]),
  );
  edit(manifest);
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock"], app);
  return app;
}

/** Runs an ES module in `cwd` and parses the JSON it prints last. */
function runNode(cwd, source) {
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", source], {
    cwd,
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").at(-1));
}

const work = mkdtempSync(join(tmpdir(), "cf-user-groups-packed-"));
try {
  run("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], root);

  const tarballDir = join(work, "tarballs");
  mkdirSync(tarballDir);
  const tarballs = {};
  for (const name of PACKAGES) {
    const before = new Set(readdirSync(tarballDir));
    run("pnpm", ["pack", "--pack-destination", tarballDir], join(root, "packages", name));
    const [file] = readdirSync(tarballDir).filter((entry) => !before.has(entry));
    if (!file) throw new Error(`pnpm pack wrote no tarball for packages/${name}`);
    tarballs[`@cf-user-groups/${name}`] = join(tarballDir, file);
  }

  // The example app, as a project of its own, outside the workspace.
  const app = exampleFromTarballs(work, "group-sync", tarballs, (manifest) => {
    for (const version of TYPESCRIPT_VERSIONS) {
      manifest.devDependencies[`typescript-${version}`] = `npm:typescript@~${version}.0`;
    }
    manifest.scripts = { test: "vitest run" };
  });

  const checked = [];
  for (const version of TYPESCRIPT_VERSIONS) {
    const tsc = join(app, "node_modules", `typescript-${version}`, "bin", "tsc");
    const installed = JSON.parse(
      readFileSync(join(app, "node_modules", `typescript-${version}`, "package.json"), "utf8"),
    ).version;
    for (const config of ["tsconfig.json", "tsconfig.node16.json"]) {
      run(process.execPath, [tsc, "-p", config], app);
    }
    checked.push(installed);
  }
  run("npm", ["test"], app);

  const jestApp = exampleFromTarballs(work, "jest-app", tarballs, () => {});
  run("npm", ["run", "typecheck"], jestApp);
  run("npm", ["test"], jestApp);

  // Users of mock.fetch and the HTTP server need no msw; with msw 3 on Node 20
  // (npm does not enforce a peer's engines), mock.handlers says what to install.
  const withoutMsw = usersOf(work, "without-msw", tarballs, {});
  const noMsw = runNode(
    withoutMsw,
    `import { createUserGroupsMock } from "@cf-user-groups/testing";
     const mock = createUserGroupsMock({ groups: [{ name: "Auditors" }] });
     const response = await mock.fetch("https://api.cloudflare.com/client/v4/accounts/" + mock.accountId + "/iam/user_groups", { headers: { authorization: "Bearer t" } });
     const names = (await response.json()).result.map((group) => group.name);
     let handlers;
     try { mock.handlers; handlers = "loaded"; } catch (error) { handlers = error.message; }
     console.log(JSON.stringify({ names, handlers }));`,
  );
  if (
    noMsw.names?.[0] !== "Auditors" ||
    !noMsw.handlers.startsWith("mock.handlers needs msw, which is not installed")
  ) {
    throw new Error(`without msw: ${JSON.stringify(noMsw)}`);
  }
  const [nodeMajor, nodeMinor] = process.versions.node.split(".").map(Number);
  if (nodeMajor < 22 || (nodeMajor === 22 && nodeMinor < 12)) {
    const msw3 = usersOf(work, "msw3-on-old-node", tarballs, { msw: "^3.0.0" });
    const early = runNode(
      msw3,
      `import { createUserGroupsMock } from "@cf-user-groups/testing";
       let handlers;
       try { createUserGroupsMock().handlers; handlers = "loaded"; } catch (error) { handlers = error.message; }
       console.log(JSON.stringify({ handlers }));`,
    );
    if (
      !/^msw 3\.\S+ needs Node 22\.12 or later, and this is Node 20\..* Install msw 2/.test(early.handlers)
    ) {
      throw new Error(`msw 3 on Node ${process.versions.node}: ${JSON.stringify(early)}`);
    }
    console.log(`\nmsw 3 on Node ${process.versions.node}: mock.handlers fails fast: "${early.handlers}"`);
  }
  console.log(`Without msw: mock.fetch answers, and mock.handlers says: "${noMsw.handlers}"`);

  console.log("\n━━ Packed packages");
  console.log(
    `${"".padEnd(26)}${"tarball".padEnd(36)}${"packed".padStart(11)}${"unpacked".padStart(11)}${"files".padStart(7)}`,
  );
  for (const [name, file] of Object.entries(tarballs)) {
    const { packed, unpacked, files } = tarballSize(file);
    const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
    const tarball = file.slice(file.lastIndexOf("/") + 1);
    console.log(
      `${name.padEnd(26)}${tarball.padEnd(36)}${kB(packed).padStart(11)}${kB(unpacked).padStart(11)}${String(files).padStart(7)}`,
    );
  }
  console.log(
    `\nexamples/group-sync installed from the tarballs, type-checked (bundler and node16) with TypeScript ${checked.join(", ")}, and its tests passed.` +
      "\nexamples/jest-app installed from the tarballs, type-checked, and its Jest tests passed.",
  );
} finally {
  if (keep) console.log(`\nKept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
