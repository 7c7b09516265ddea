#!/usr/bin/env node
// Bundle size of an app that calls every method: our client, openapi-fetch
// alone, and the official SDK (tree-shakable with only user groups, and the
// full client), all bundled in this run with the same settings: esbuild,
// minified, ESM with code splitting, browser platform, then gzip level 9.
// "Up front" is what loads before any dynamic import runs; for our client,
// client.raw's openapi-fetch is a separate chunk loaded on its first call.

import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entries = [
  ["@cf-user-groups/client, every method", "client-every-method.js"],
  ["@cf-user-groups/client, every method + client.raw", "client-with-raw.js"],
  ["openapi-fetch alone, same ten calls", "openapi-fetch-alone.js"],
  ["cloudflare/tree-shakable, user groups only", "official-tree-shakable.js"],
  ["cloudflare, full client", "official-full.js"],
];

/**
 * Sizes of one entry's bundle: loaded up front, and in total with lazy chunks.
 * @param {string} entry a file in bench/entries
 */
async function measure(entry) {
  const { metafile, outputFiles } = await build({
    entryPoints: [new URL(`./entries/${entry}`, import.meta.url).pathname],
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outdir: "/virtual",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // Metafile paths are relative to the working directory; key everything by file name.
  const name = (/** @type {string} */ path) => path.slice(path.lastIndexOf("/") + 1);
  const code = new Map(outputFiles.map((file) => [name(file.path), file.contents]));
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([path, meta]) => [name(path), meta]),
  );
  const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint) ?? "";
  /** @type {Set<string>} */
  const upFront = new Set();
  const visit = (/** @type {string} */ path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement") visit(name(imported.path));
    }
  };
  visit(start);
  const size = (/** @type {Iterable<string>} */ paths) => {
    const joined = Buffer.concat([...paths].map((path) => Buffer.from(code.get(path) ?? new Uint8Array())));
    return { minified: joined.byteLength, gzipped: gzipSync(joined, { level: 9 }).byteLength };
  };
  return { upFront: size(upFront), total: size(Object.keys(outputs)) };
}

const rows = [];
for (const [name, entry] of entries) rows.push({ name, ...(await measure(entry)) });
const ours = rows[0]?.upFront.gzipped ?? Number.NaN;

const bytes = (/** @type {number} */ n) => `${n.toLocaleString("en-US")} B`;
const header = ["", "up front, min", "up front, gz", "total, gz", "× ours (gz)"];
const widths = [52, 15, 14, 12, 13];
const line = (/** @type {string[]} */ cells) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("");
console.log("\nBundle size of an app calling all ten methods (esbuild --minify --splitting, gzip -9)\n");
console.log(line(header));
for (const row of rows) {
  console.log(
    line([
      row.name,
      bytes(row.upFront.minified),
      bytes(row.upFront.gzipped),
      bytes(row.total.gzipped),
      (row.upFront.gzipped / ours).toFixed(2),
    ]),
  );
}
console.log(
  "\nBudget: 5,500 B gzipped for every method up front (size-limit in pnpm check, which also bundles as IIFE).",
);
