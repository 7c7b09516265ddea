import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium: Playwright downloads no browser of its own here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(
    `Chromium is not at ${CHROMIUM}. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}

/**
 * The fake's CLI, found through the package rather than node_modules/.bin:
 * pnpm links a workspace package's bin only if the file exists at install
 * time, and the testing package's dist/ is built after.
 */
const fakeCli = (() => {
  const manifest = createRequire(import.meta.url).resolve("@cf-user-groups/testing/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  const cli = bin["cf-user-groups-mock"];
  if (!cli) throw new Error(`${manifest} names no cf-user-groups-mock bin.`);
  return join(dirname(manifest), cli);
})();

/**
 * Both servers listen on a port the system picks (`--port 0`, `PORT=0`), so
 * this suite never collides with another package's tests running at the same
 * time. Playwright waits for each server's banner and stores the URL it
 * prints in the named group's environment variable: the fake's base URL in
 * `CLOUDFLARE_BASE_URL`, which the app (started second, inheriting the
 * environment) and the tests' `remote` fixture read; the app's URL in
 * `E2E_APP_URL`, the tests' `baseURL`.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // Generous for a busy 2-core machine; no test asserts an upper bound on elapsed time.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        // No host resolves but 127.0.0.1: the browser can reach the app and nothing else.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    },
  },
  projects: [
    {
      // Each test works in an account of its own, with any fault it injects
      // scoped to that account, so they run in parallel.
      name: "isolated",
      testMatch: "isolated/**/*.spec.ts",
      fullyParallel: true,
    },
    {
      // The clock belongs to the whole fake, not to one account: tests that
      // move it run one at a time, after every isolated test has finished.
      name: "shared-state",
      testMatch: "shared-state/**/*.spec.ts",
      dependencies: ["isolated"],
      workers: 1,
    },
  ],
  webServer: [
    {
      name: "fake",
      command: `node ${JSON.stringify(fakeCli)} --port 0`,
      wait: { stdout: /Base URL: (?<cloudflare_base_url>http:\/\/\S+)/ },
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      name: "app",
      command: "node src/server.js",
      env: { PORT: "0", HOST: "127.0.0.1", CLOUDFLARE_API_TOKEN: "e2e-test-token" },
      wait: { stdout: /Listening on (?<e2e_app_url>http:\/\/\S+)/ },
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
