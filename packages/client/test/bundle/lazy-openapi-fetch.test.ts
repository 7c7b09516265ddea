import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/** The inputs of every output an entry loads before any dynamic import runs. */
function loadedUpFront(metafile: Metafile, output: string, seen = new Set<string>()): Set<string> {
  if (seen.has(output)) return new Set();
  seen.add(output);
  const { inputs, imports } = metafile.outputs[output] ?? { inputs: {}, imports: [] };
  const found = new Set(Object.keys(inputs));
  for (const imported of imports) {
    if (imported.kind === "import-statement") {
      for (const input of loadedUpFront(metafile, imported.path, seen)) found.add(input);
    }
  }
  return found;
}

describe("bundle", () => {
  it("loads openapi-fetch only when client.raw is first used, so the methods never pay for it", async () => {
    const { metafile } = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      outdir: "/virtual",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const entryOutput = Object.keys(metafile.outputs).find((output) => metafile.outputs[output]?.entryPoint);
    expect(entryOutput).toBeDefined();
    const upFront = [...loadedUpFront(metafile, entryOutput as string)];
    const everything = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(everything.some((input) => input.includes("openapi-fetch"))).toBe(true);
    expect(upFront.some((input) => input.includes("openapi-fetch"))).toBe(false);
    expect(upFront.some((input) => input.endsWith("src/transport.ts"))).toBe(true);
  });
});
