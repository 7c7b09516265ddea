#!/usr/bin/env node
// Bundle size of an app that calls every method: our client (alone and with
// rawClient), openapi-fetch alone, and the official SDK (tree-shakable with
// only user groups, and the full client), all bundled in this run with the
// same settings: esbuild minified for the browser as ESM, with code splitting
// (what loads up front) and without (dynamic imports inlined), and a Vite
// production build; gzip level 9.

import { readFileSync } from "node:fs";
import { measureEsbuild, measureVite } from "./measure-bundle.mjs";

const entries = [
  ["@cf-user-groups/client, every method", "client-every-method.js"],
  ["@cf-user-groups/client, every method + rawClient", "client-with-raw.js"],
  ["openapi-fetch alone, same ten calls", "openapi-fetch-alone.js"],
  ["cloudflare/tree-shakable, user groups only", "official-tree-shakable.js"],
  ["cloudflare, full client", "official-full.js"],
];

const rows = [];
for (const [name, file] of entries) {
  const entry = new URL(`./entries/${file}`, import.meta.url).pathname;
  const [esbuild, vite] = await Promise.all([measureEsbuild(entry), measureVite(entry)]);
  rows.push({ name, esbuild, vite });
}

const bytes = (/** @type {number} */ n) => `${n.toLocaleString("en-US")} B`;
const header = ["", "split, min", "split, gz", "unsplit, gz", "Vite, gz", "× ours"];
const widths = [50, 13, 12, 13, 12, 9];
const line = (/** @type {string[]} */ cells) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("");
const ours = rows[0]?.esbuild.split.upFront.gzipped ?? Number.NaN;
console.log("\nBundle size of an app calling all ten methods, gzip -9 (esbuild --minify, with and without");
console.log("--splitting; Vite production build). Split sizes are what loads up front.\n");
console.log(line(header));
for (const { name, esbuild, vite } of rows) {
  console.log(
    line([
      name,
      bytes(esbuild.split.upFront.minified),
      bytes(esbuild.split.upFront.gzipped),
      bytes(esbuild.unsplit.gzipped),
      bytes(vite.upFront.gzipped),
      (esbuild.split.upFront.gzipped / ours).toFixed(2),
    ]),
  );
}
const limits = JSON.parse(readFileSync(new URL("../.size-limit.json", import.meta.url), "utf8"));
console.log(
  `\nBudgets (pnpm check, both esbuild modes): ${limits.map((limit) => `${limit.limit} for ${limit.path.replace("bench/entries/", "")}`).join(", ")}.`,
);
