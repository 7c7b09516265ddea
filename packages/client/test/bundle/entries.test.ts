import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** The source files an entry's bundle is made of, bundled with or without code splitting. */
async function inputsOf(entry: string, splitting: boolean): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [fileURLToPath(new URL(`../../src/${entry}`, import.meta.url))],
    bundle: true,
    splitting,
    format: "esm",
    platform: "browser",
    outdir: "/virtual",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
}

describe("bundle", () => {
  it.each([true, false])(
    "the main entry never bundles openapi-fetch (splitting: %s), so the methods never pay for it",
    async (splitting) => {
      const inputs = await inputsOf("index.ts", splitting);
      expect(inputs.some((input) => input.endsWith("src/transport.ts"))).toBe(true);
      expect(inputs.some((input) => input.includes("openapi-fetch"))).toBe(false);
    },
  );

  it("the raw entry brings openapi-fetch, on the client's transport", async () => {
    const inputs = await inputsOf("raw.ts", false);
    expect(inputs.some((input) => input.includes("openapi-fetch"))).toBe(true);
    expect(inputs.some((input) => input.endsWith("src/transport.ts"))).toBe(true);
  });
});
