// How big an app's bundle is, three ways, with the same minification and
// gzip -9: esbuild with code splitting (what loads up front, and everything),
// esbuild without splitting (dynamic imports inlined, as many library and
// server builds do), and a Vite production build. Used by bundle-size.mjs
// (pnpm bench) and check-bundle-size.mjs (pnpm check).

import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";

const gz = (/** @type {Uint8Array} */ code) => gzipSync(code, { level: 9 }).byteLength;
const baseName = (/** @type {string} */ path) => path.slice(path.lastIndexOf("/") + 1);

/**
 * esbuild's bundle of `entry`, minified for the browser as ESM.
 * @param {string} entry an absolute path
 * @param {boolean} splitting
 */
async function bundle(entry, splitting) {
  const { metafile, outputFiles } = await esbuild({
    entryPoints: [entry],
    bundle: true,
    splitting,
    minify: true,
    format: "esm",
    platform: "browser",
    outdir: "/virtual",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = new Map(outputFiles.map((file) => [baseName(file.path), file.contents]));
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([path, meta]) => [baseName(path), meta]),
  );
  const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint) ?? "";
  /** @type {Set<string>} */
  const upFront = new Set();
  const visit = (/** @type {string} */ path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement") visit(baseName(imported.path));
    }
  };
  visit(start);
  const size = (/** @type {Iterable<string>} */ paths) => {
    const joined = Buffer.concat([...paths].map((path) => Buffer.from(code.get(path) ?? new Uint8Array())));
    return { minified: joined.byteLength, gzipped: gz(joined) };
  };
  return {
    upFront: size(upFront),
    total: size(Object.keys(outputs)),
    inputs: Object.values(metafile.inputs),
  };
}

/**
 * The sizes of `entry`'s bundle with esbuild, split and unsplit.
 * @param {string} entry an absolute path
 */
export async function measureEsbuild(entry) {
  const [split, unsplit] = await Promise.all([bundle(entry, true), bundle(entry, false)]);
  return { split, unsplit: unsplit.total };
}

/**
 * The size of `entry`'s bundle in a Vite production build (its default
 * minifier), loaded up front and in total.
 * @param {string} entry an absolute path
 */
export async function measureVite(entry) {
  const { build } = await import("vite");
  const result = await build({
    configFile: false,
    logLevel: "silent",
    root: new URL("..", import.meta.url).pathname,
    build: {
      write: false,
      modulePreload: false,
      target: "esnext",
      rollupOptions: { input: entry, preserveEntrySignatures: "strict" },
    },
  });
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((output) => ("output" in output ? output.output : []))
    .filter((chunk) => chunk.type === "chunk");
  const size = (/** @type {typeof chunks} */ list) => {
    const joined = Buffer.concat(list.map((chunk) => Buffer.from(chunk.code)));
    return { minified: joined.byteLength, gzipped: gz(joined) };
  };
  const entryChunk = chunks.filter((chunk) => chunk.isEntry);
  const upFront = new Set(entryChunk.flatMap((chunk) => [chunk.fileName, ...chunk.imports]));
  return { upFront: size(chunks.filter((chunk) => upFront.has(chunk.fileName))), total: size(chunks) };
}
