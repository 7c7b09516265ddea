#!/usr/bin/env node
// The bundle budget, enforced by `pnpm check` (the client's `size` script,
// after size-limit): every entry in .size-limit.json, bundled by esbuild with
// and without code splitting, must stay within its limit, gzip -9. Exits 1
// and names the entry and mode otherwise.

import { readFileSync } from "node:fs";
import { measureEsbuild } from "./measure-bundle.mjs";

const limits = JSON.parse(readFileSync(new URL("../.size-limit.json", import.meta.url), "utf8"));
let failed = false;
for (const { name, path, limit } of limits) {
  const budget = Number.parseFloat(limit) * 1000;
  const { split, unsplit } = await measureEsbuild(new URL(`../${path}`, import.meta.url).pathname);
  for (const [mode, gzipped] of [
    ["esbuild --splitting, up front", split.upFront.gzipped],
    ["esbuild, no splitting", unsplit.gzipped],
  ]) {
    const ok = gzipped <= budget;
    failed ||= !ok;
    console.log(`${ok ? "✓" : "✗"} ${name} (${mode}): ${gzipped.toLocaleString("en-US")} B of ${limit}`);
  }
}
process.exitCode = failed ? 1 : 0;
