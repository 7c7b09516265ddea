import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "group-sync",
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
    // Vitest's 5 s default is a wall-clock limit a busy 2-core CI machine running every package's tests can exceed.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
