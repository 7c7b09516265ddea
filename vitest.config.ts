import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Absolute, so projects resolve the same from the root and from a package folder. */
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
      {
        test: {
          name: "testing",
          root: at("packages/testing"),
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
