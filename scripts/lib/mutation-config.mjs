// @ts-check
// The Stryker options both packages share; each package's stryker.config.mjs names what it mutates
// and the score it must keep. Stryker runs from the repository root (`pnpm test:mutation`), so every
// path here is relative to it.

/**
 * A package's Stryker configuration: mutate `mutate`, kill with the tests its
 * `vitest.mutation.config.ts` selects, and fail under `thresholds.break`.
 *
 * @param {"client" | "testing"} name The package's folder under `packages/`.
 * @param {{ mutate: string[]; thresholds: { high: number; low: number; break: number } }} scope
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 * @example
 * ```js
 * export default mutationConfig("client", { mutate: ["packages/client/src/checks.ts"], thresholds: { high: 90, low: 80, break: 75 } });
 * ```
 */
export function mutationConfig(name, { mutate, thresholds }) {
  const dir = `packages/${name}`;
  return {
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
    // Stryker copies the repository into a sandbox and mutates the files there; this config's root is
    // its own folder, so the tests load the sandbox's sources (the root config points at the real ones).
    vitest: { configFile: `${dir}/vitest.mutation.config.ts` },
    // A mutant that does not compile is no gap in the tests: the compiler drops it before any test runs.
    checkers: ["typescript"],
    tsconfigFile: `${dir}/tsconfig.build.json`,
    mutate,
    // Each package its own temporary folder, so the two runs can share a machine.
    tempDirName: `.stryker-tmp/${name}`,
    ignorePatterns: [
      "/.stryker-tmp",
      "/examples",
      "/contract",
      "/packages/*/reports",
      "/packages/*/test-results",
    ],
    disableTypeChecks: false,
    // Each mutant runs only the tests that reached it, and only mutants of changed code (or whose
    // tests changed) run again: the committed baseline holds the rest.
    coverageAnalysis: "perTest",
    incremental: true,
    incrementalFile: `${dir}/mutation/stryker-incremental.json`,
    // Sized for a 2-core machine: Stryker splits this between a type checker and a test runner.
    concurrency: 2,
    // Added to each mutant's measured test time: room for a busy machine before "timed out".
    timeoutMS: 10_000,
    reporters: ["clear-text", "progress", "html", "json"],
    clearTextReporter: { logTests: false, maxTestsToLog: 3 },
    htmlReporter: { fileName: `${dir}/reports/mutation/index.html` },
    jsonReporter: { fileName: `${dir}/reports/mutation/mutation.json` },
    thresholds,
  };
}
