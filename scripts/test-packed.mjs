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
// Node older than 22.12; and a CommonJS project ("type": "commonjs") that
// imports all three packages type-checks, with every supported TypeScript,
// exactly as COMMONJS_OUTCOMES records (the packages ship ESM only, so
// node16's `require` of them fails; nodenext and node20 compile to a
// `require` Node 20.19+ can load, which is run), and runs.

import { execFileSync, spawnSync } from "node:child_process";
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

/**
 * What type-checking a CommonJS consumer gives, per compiler setting: the
 * error codes expected (none: it compiles). Documented in the client README
 * ("TypeScript settings"); if CommonJS builds ship, node16 passes and this
 * table changes with them.
 */
export const COMMONJS_OUTCOMES = {
  // A `require` of an ES module (TS1479), and a type-only import of one without `resolution-mode` (TS1541).
  node16: { compilerOptions: { module: "node16", moduleResolution: "node16" }, errors: ["TS1479", "TS1541"] },
  nodenext: { compilerOptions: { module: "nodenext", moduleResolution: "nodenext" }, errors: [] },
  node20: { compilerOptions: { module: "node20" }, errors: [] },
  bundler: { compilerOptions: { module: "preserve", moduleResolution: "bundler" }, errors: [] },
};

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

/**
 * A CommonJS project outside the workspace that imports all three packages
 * (a value and a type-only import), type-checked with every supported
 * TypeScript under each of COMMONJS_OUTCOMES' settings. Returns the rows of
 * the result table; throws when an outcome differs from the one recorded.
 */
function commonjsConsumer(work, tarballs) {
  const project = join(work, "commonjs-consumer");
  mkdirSync(join(project, "src"), { recursive: true });
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  const devDependencies = Object.fromEntries(
    TYPESCRIPT_VERSIONS.map((version) => [`typescript-${version}`, `npm:typescript@~${version}.0`]),
  );
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify(
      {
        name: "commonjs-consumer",
        private: true,
        type: "commonjs",
        dependencies: { ...overrides, msw: "^2.0.0" },
        devDependencies: { ...devDependencies, "@types/node": "^20.19.0" },
        overrides,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(project, "src", "index.ts"),
    `import { UserGroupsClient } from "@cf-user-groups/client";
import { createUserGroupsMock } from "@cf-user-groups/testing";
import type { UserGroup } from "@cf-user-groups/types";

const mock = createUserGroupsMock({ groups: [{ name: "Auditors" }] });
const client = new UserGroupsClient({ apiToken: "t", accountId: mock.accountId, fetch: mock.fetch });
client.iam.userGroups
  .list()
  .then((page) => console.log(JSON.stringify(page.result.map((group: UserGroup) => group.name))));
`,
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--engine-strict=false"], project);
  const rows = [];
  for (const version of TYPESCRIPT_VERSIONS) {
    for (const [setting, { compilerOptions, errors }] of Object.entries(COMMONJS_OUTCOMES)) {
      const config = `tsconfig.${setting}.json`;
      const outDir = `dist-${setting}`;
      writeFileSync(
        join(project, config),
        JSON.stringify({
          compilerOptions: {
            ...compilerOptions,
            target: "es2022",
            lib: ["es2023", "dom"],
            strict: true,
            types: ["node"],
            rootDir: "src",
            outDir,
          },
          include: ["src"],
        }),
      );
      const tsc = join(project, "node_modules", `typescript-${version}`, "bin", "tsc");
      console.log(`\n$ tsc -p ${config}   (TypeScript ${version}, CommonJS consumer)`);
      const result = spawnSync(process.execPath, [tsc, "-p", config], { cwd: project, encoding: "utf8" });
      const found = [...new Set((result.stdout + result.stderr).match(/TS\d+/g) ?? [])].sort();
      if (JSON.stringify(found) !== JSON.stringify([...errors].sort())) {
        throw new Error(
          `CommonJS consumer, TypeScript ${version}, ${setting}: expected ${errors.join(", ") || "no errors"}, got ${found.join(", ") || "no errors"}\n${result.stdout}${result.stderr}`,
        );
      }
      let ran = "";
      if (errors.length === 0 && setting !== "bundler") {
        // What tsc emitted is a CommonJS module that `require`s the ESM-only packages: Node 20.19+ loads them.
        ran = execFileSync(process.execPath, [join(outDir, "index.js")], {
          cwd: project,
          encoding: "utf8",
        }).trim();
        if (ran !== JSON.stringify(["Auditors"]))
          throw new Error(`CommonJS consumer (${setting}) printed ${ran}`);
      }
      rows.push({ version, setting, found, ran });
    }
  }
  return rows;
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

  const commonjs = commonjsConsumer(work, tarballs);

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
  console.log('\n━━ A CommonJS consumer ("type": "commonjs"), as recorded in COMMONJS_OUTCOMES');
  console.log(`${"TypeScript".padEnd(12)}${"setting".padEnd(11)}${"type-check".padEnd(20)}runs`);
  for (const { version, setting, found, ran } of commonjs) {
    console.log(
      `${version.padEnd(12)}${setting.padEnd(11)}${(found.join(", ") || "passes").padEnd(20)}${ran ? "yes" : "–"}`,
    );
  }
} finally {
  if (keep) console.log(`\nKept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
