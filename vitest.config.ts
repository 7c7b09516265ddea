import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Absolute, so projects resolve the same from the root and from a package folder. */
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Vitest's defaults (5 s a test, 10 s a hook) are wall-clock limits that a busy 2-core CI machine,
 * running every package's tests at once, can exceed for tests that pass in well under a second
 * when idle. Tests that start processes or run the TypeScript compiler set longer ones themselves.
 */
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };

/**
 * One config for the whole workspace. Each package is a project, named after
 * its folder, so `vitest --project types` (what each package's `test` script
 * runs) and a plain `vitest` at the root both work.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "types",
          root: at("packages/types"),
          ...timeouts,
          include: ["test/**/*.test.ts"],
          typecheck: {
            enabled: true,
            include: ["test/**/*.test-d.ts"],
            tsconfig: "tsconfig.json",
          },
        },
      },
      {
        test: {
          name: "client",
          root: at("packages/client"),
          ...timeouts,
          include: ["test/**/*.test.ts"],
          typecheck: {
            enabled: true,
            include: ["test/**/*.test-d.ts"],
            tsconfig: "tsconfig.json",
          },
        },
      },
      // Example apps bring their own config, as any app would. Only those with a
      // vitest.config.ts are Vitest projects: examples/e2e-app runs Playwright Test
      // and examples/jest-app runs Jest (their `test` scripts).
      "examples/*/vitest.config.ts",
      // The contract suite's own tests (its scenarios run with `pnpm test:contract`).
      at("contract"),
      {
        test: {
          name: "testing",
          root: at("packages/testing"),
          ...timeouts,
          include: ["test/**/*.test.ts"],
          typecheck: {
            enabled: true,
            include: ["test/**/*.test-d.ts"],
            tsconfig: "tsconfig.json",
          },
        },
      },
    ],
  },
});
