import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

describe("the MSW entry point", () => {
  it("bundles for the browser with no Node built-in, so it works with setupWorker", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["msw"],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.startsWith("node:") || input.includes("@remix-run"))).toBe(false);
    expect(inputs.some((input) => input.endsWith("src/core/fake.ts"))).toBe(true);
    expect(result.errors).toEqual([]);
  });
});
