import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The fake's tests as Stryker runs them (`pnpm test:mutation`): the runtime tests only.
 * Stryker copies the repository into a sandbox and mutates the sources there, so the root is this
 * file's folder (inside the sandbox), not the root config's absolute path to the real package.
 * Left out, since they kill no mutant of `src/` or would run for nearly every one:
 * type tests, the README check (the TypeScript compiler), tests of the built CLI, bundle and
 * headless browser (subprocesses over `dist/`), and the fast-check fuzz suites (they reach almost
 * every line, so each surviving mutant would rerun them; the targeted tests are what the score measures).
 */
export default defineConfig({
  test: {
    name: "testing",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/readme.test.ts",
      "test/bundle/**",
      "test/fuzz/**",
      "test/runners/**",
      "test/inspector/chromium.test.ts",
      "test/server/cli.test.ts",
      "test/server/cli-hostile.test.ts",
      "test/admin/cli-control.test.ts",
    ],
    // As in the root config: wall-clock limits generous enough for a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
