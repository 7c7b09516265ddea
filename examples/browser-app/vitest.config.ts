import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "browser-app",
    include: ["test/**/*.test.ts"],
    // Building the page and starting Chromium take a few seconds on a cold machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
