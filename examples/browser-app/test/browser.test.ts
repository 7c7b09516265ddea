// Builds the page, serves it on 127.0.0.1, and drives Debian's Chromium
// headless through playwright-core: the client runs in a real browser and
// MSW's service worker answers it with the fake. Chromium is kept off the
// network (no host resolves but 127.0.0.1), so whatever the page shows came
// from the fake. A screenshot is saved in test-results/.

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultAccountMembers } from "@cf-user-groups/testing";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build.mjs";
import { serve } from "../serve.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-results", import.meta.url));
const installed = existsSync(CHROMIUM);
if (!installed && process.env.CI) {
  throw new Error(
    `Chromium is not at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium`,
  );
}

/** The flags that keep Chromium headless, unsandboxed (containers have no user namespaces) and off the network. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** A server on 127.0.0.1 that records the paths it is asked for. */
async function startCanary() {
  const reached: string[] = [];
  const server = createServer((request, response) => {
    reached.push(request.url ?? "");
    response.end("canary");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    reached,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const email = (id: string) => defaultAccountMembers.find((member) => member.id === id)?.email;
const [first, second, third] = defaultAccountMembers.map((member) => member.id) as [string, string, string];

/**
 * Bundling the page and starting Chromium take a few seconds on an idle machine, and many times
 * that on a busy 2-core CI machine running other packages' tests alongside: the hooks and tests
 * get two minutes, and Playwright's own waits a little less, so they fail first, saying what they
 * were waiting for.
 */
const SLOW_MACHINE = 120_000;
const PLAYWRIGHT_WAIT = 100_000;

describe.skipIf(!installed)("the example page in Chromium", { timeout: SLOW_MACHINE }, () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serve>>;
  let built: string;

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), "browser-app-"));
    await build(built);
    site = await serve(built);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      timeout: PLAYWRIGHT_WAIT,
    });
  }, SLOW_MACHINE);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (built) await rm(built, { recursive: true, force: true });
  }, SLOW_MACHINE);

  /** A fresh profile (no service worker or cache left from before) whose waits suit a busy machine. */
  async function newContext(options?: Parameters<Browser["newContext"]>[0]) {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(PLAYWRIGHT_WAIT);
    context.setDefaultNavigationTimeout(PLAYWRIGHT_WAIT);
    return context;
  }

  it("creates a group, adds members and lists them, answered by the fake through MSW's service worker", async () => {
    const context = await newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });

    await page.goto(site.url);
    await page.waitForSelector("body:not([data-state=loading])");
    expect(await page.textContent("#status")).toBe("");
    expect(await page.getAttribute("body", "data-state")).toBe("done");
    expect(errors).toEqual([]);

    const rendered = await page.$$eval("[data-group]", (items) =>
      items.map((item) => ({
        name: item.querySelector("h2")?.textContent,
        members: [...item.querySelectorAll("[data-member]")].map((person) => person.textContent),
      })),
    );
    // Groups sorted by name; members by email, as the API lists them.
    expect(rendered).toEqual([
      { name: "Auditors", members: [email(first), email(second)].sort() },
      { name: "Billing", members: [email(third)] },
    ]);
    // create, add members, list groups, and one member list per group.
    expect(await page.getAttribute("body", "data-requests")).toBe("5");
    // The page is controlled by the worker, which is what answered.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${site.url}mockServiceWorker.js`,
    );

    await mkdir(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, "browser-app.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(1_000);
    await context.close();
  });

  // A name Chromium resolves to loopback by itself, offline too, serves as the real host: without the
  // resolver rule the page reaches the canary server through it, so this fails on any machine.
  it("stays off the network: a request to a real host fails in the page", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const canary = await startCanary();
    try {
      const failed: [string, string | undefined][] = [];
      page.on("requestfailed", (request) => failed.push([request.url(), request.failure()?.errorText]));
      // A page of the site without the app, so no service worker is involved.
      await page.goto(`${site.url}no-app-here`);
      const byName = `http://canary.localhost:${canary.port}/by-name`;
      const byAddress = `http://127.0.0.1:${canary.port}/by-address`;
      const outcomes = await page.evaluate(
        (urls) =>
          Promise.all(
            urls.map((url) =>
              fetch(url, { mode: "no-cors" }).then(
                () => "reached",
                (error: Error) => error.name,
              ),
            ),
          ),
        [byName, byAddress],
      );
      // The canary answers the page by address, so only the name lookup stopped the other request.
      expect(outcomes).toEqual(["TypeError", "reached"]);
      expect(canary.reached).toEqual(["/by-address"]);
      expect(failed).toEqual([[byName, "net::ERR_NAME_NOT_RESOLVED"]]);
    } finally {
      await canary.close();
      await context.close();
    }
  });
});
