import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

const browserEntry = fileURLToPath(new URL("../../src/index.browser.ts", import.meta.url));

describe("the MSW entry point", () => {
  it("for browsers imports msw up front, since a browser cannot load it on first use", async () => {
    const result = await build({
      entryPoints: [browserEntry],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["msw"],
    });
    const [output] = Object.values(result.metafile.outputs);
    expect(output?.imports).toContainEqual({ path: "msw", kind: "import-statement", external: true });
    expect(Object.keys(result.metafile.inputs).some((input) => input.startsWith("node:"))).toBe(false);
  });

  it("for Node does not import msw: it loads on first use of mock.handlers", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["msw"],
    });
    const [output] = Object.values(result.metafile.outputs);
    expect(output?.imports.filter((imported) => imported.path === "msw")).toEqual([]);
  });

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
