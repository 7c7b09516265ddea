import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "browser-app",
    include: ["test/**/*.test.ts"],
    // Vitest's 5 s default is a wall-clock limit a busy 2-core CI machine running every package's tests can
    // exceed; the Chromium test sets its own, longer ones.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
