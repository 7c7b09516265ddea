// Bundles the page with esbuild into a folder with index.html and MSW's
// service worker script, ready to serve as static files.

import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as bundle } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));

/**
 * Builds the page into `outdir`.
 * @param {string} [outdir] where to write it
 * @returns {Promise<{ outdir: string, bytes: number }>} the folder and the size of main.js
 */
export async function build(outdir = join(here, "dist")) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await bundle({
    absWorkingDir: here,
    entryPoints: ["src/main.ts"],
    outfile: join(outdir, "main.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  });
  await copyFile(join(here, "index.html"), join(outdir, "index.html"));
  // The worker script must be the one from the installed msw, or MSW refuses it.
  const require = createRequire(import.meta.url);
  await copyFile(require.resolve("msw/mockServiceWorker.js"), join(outdir, "mockServiceWorker.js"));
  return { outdir, bytes: (await stat(join(outdir, "main.js"))).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outdir, bytes } = await build();
  console.log(`built ${outdir} (main.js ${(bytes / 1024).toFixed(1)} kB)`);
}
