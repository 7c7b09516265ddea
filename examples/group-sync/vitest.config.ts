import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "group-sync",
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
  },
});
