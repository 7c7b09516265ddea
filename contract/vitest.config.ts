import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "contract",
    include: ["test/**/*.test.ts"],
    // The CLI tests start subprocesses and a fake server on a busy 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
