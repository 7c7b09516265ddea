// The inspector page in Debian's Chromium, driven headless by playwright-core:
// a mock server filled through its API and control plane, the page opened at
// /__admin/, and what it shows checked, including a group name that would be
// an <img onerror> if the page ever parsed data as HTML. Chromium is kept off
// the network (no host resolves but 127.0.0.1). A screenshot is saved in
// test-results/.

import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import { ACCOUNT, ALICE, BOB, CAROL, STRANGER, TOKEN } from "../support/api.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-results", import.meta.url));
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

/** A busy 2-core machine: launching Chromium and its first render can take a while. */
const HOOK_TIMEOUT = 120_000;
const TEST_TIMEOUT = 120_000;
/** How long the page may take to show something: a few polls, with room for a slow machine. */
const SHOWN = { timeout: 30_000 };

/** The text of each element the locator matches, with whitespace collapsed. */
const texts = (locator: Locator) =>
  locator.evaluateAll((nodes) => nodes.map((node) => (node.textContent ?? "").replace(/\s+/g, " ").trim()));
/** Waits (polling, up to SHOWN) until the locator's elements show exactly `expected`. */
const shows = (locator: Locator, expected: (string | RegExp)[]) =>
  expect
    .poll(() => texts(locator), SHOWN)
    .toEqual(expected.map((text) => (typeof text === "string" ? text : expect.stringMatching(text))));
/** Waits until the locator's first element is visible. */
const visible = (locator: Locator) => locator.first().waitFor({ state: "visible", ...SHOWN });

const START = "2026-06-01T09:00:00.000Z";
const XSS = "<img src=x onerror=alert(1)>";
const READ_ZONES = { id: "c8fed203ed3043cba015a93ad1616f1f", name: "Zone Read" };
const ALL_ZONES = {
  id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
  name: "All zones",
  scope: { key: `com.cloudflare.api.account.${ACCOUNT}`, objects: [{ key: "*" }] },
};
const BILLING = "82e64a83756745bbbb1c9c2701bf816b";
const EVERYTHING = "b3c2a1d0e9f8a7b6c5d4e3f2a1b0c9d8";

let server: MockServer;
let browser: Browser;

/** A request to the fake API, as any client sends it. */
async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseURL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as { result: { id: string } } };
}

/** A control-plane request. */
async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/__admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const groups = (account: string) => `/accounts/${account}/iam/user_groups`;

describe.skipIf(!installed)("the inspector page in Chromium", () => {
  let isolated: string;
  let admins: string;

  beforeAll(async () => {
    server = await startMockServer({
      validateResponses: true,
      now: () => new Date(START),
      groups: [
        {
          name: "Seeded auditors",
          members: [CAROL],
          policies: [{ access: "allow", permission_groups: [READ_ZONES], resource_groups: [ALL_ZONES] }],
        },
      ],
    });
    admins = (
      await api("POST", groups(ACCOUNT), {
        name: "Platform admins",
        policies: [
          { access: "allow", permission_groups: [{ id: BILLING }], resource_groups: [{ id: EVERYTHING }] },
        ],
      })
    ).body.result.id;
    expect(
      (await api("POST", `${groups(ACCOUNT)}/${admins}/members`, [{ id: ALICE }, { id: BOB }])).status,
    ).toBe(200);
    const hostile = await api("POST", groups(ACCOUNT), {
      name: XSS,
      policies: [
        { access: "deny", permission_groups: [{ id: BILLING }], resource_groups: [{ id: EVERYTHING }] },
      ],
    });
    expect(hostile.status).toBe(200);
    expect((await api("GET", `${groups(ACCOUNT)}/${STRANGER}`)).status).toBe(404);
    await admin("POST", "/faults", { kind: "fail", operationId: "listUserGroups", status: 503 });
    expect((await api("GET", groups(ACCOUNT))).status).toBe(503);
    isolated = ((await admin("POST", "/accounts")) as { accountId: string }).accountId;
    expect((await api("POST", groups(isolated), { name: "Isolated only" })).status).toBe(200);
    // A path the server routes nowhere: refused by the server itself.
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(400);
    // A response the spec forbids, as an override in the server's process would send it.
    await server.mock.handleOverride(
      "getUserGroup",
      new Request(`${server.baseURL}${groups(ACCOUNT)}/${admins}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
      () => ({ body: { success: true, errors: [], messages: [], result: { id: 42 } } }),
    );
    expect(server.mock.requests.at(-1)?.violation).toBeDefined();

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, HOOK_TIMEOUT);

  /** A fresh page that records errors and dialogs. */
  async function open(viewport = { width: 1440, height: 900 }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // CSP violations are reported as console errors.
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return { context, page, problems };
  }

  /** The log's rows as [time, method, operation, path, status, source], newest first. */
  const logRows = (page: Page) =>
    page.locator("#log tbody tr").evaluateAll((rows) =>
      rows.map((row) => {
        const text = (selector: string) => row.querySelector(selector)?.textContent ?? "";
        return [
          text("td:nth-child(1)"),
          text("td:nth-child(2)"),
          text(".op"),
          text(".path"),
          text("td:nth-child(4)"),
          text("td:nth-child(5)"),
        ];
      }),
    );

  it(
    "shows every account, its groups, policies and members, and the live request log, and keeps up by itself",
    async () => {
      const { context, page, problems } = await open();
      await page.goto(`${server.url}/__admin/`);
      await shows(page.locator("#live"), [/^Live/]);
      await visible(page.getByRole("heading", { name: "Platform admins", level: 4 }));

      // The seeded account first, then the isolated one.
      const accounts = page.locator("section.account");
      await shows(accounts.locator("h3"), [`Account ${ACCOUNT}seeded`, `Account ${isolated}`]);
      const [seeded, other] = [accounts.nth(0), accounts.nth(1)];
      // Sorted by name, as the API lists them; the hostile name is text, not an element.
      await shows(seeded.getByRole("heading", { level: 4 }), [XSS, "Platform admins", "Seeded auditors"]);
      await shows(other.getByRole("heading", { level: 4 }), ["Isolated only", "Seeded auditors"]);
      expect(await page.locator("img").count()).toBe(0);

      const platform = seeded.locator("article", {
        has: page.getByRole("heading", { name: "Platform admins" }),
      });
      await shows(platform.locator("p.meta code"), [admins]);
      const policy = platform.getByRole("table", { name: "Policies" }).locator("tbody tr");
      await shows(policy.locator("td"), ["allow", BILLING, EVERYTHING]);
      const members = platform.getByRole("table", { name: "Members" }).locator("tbody tr");
      await shows(members, [
        `${ALICE}alice@example.comaccepted2026-06-01 09:00:00 UTC`,
        `${BOB}bob@example.comaccepted2026-06-01 09:00:00 UTC`,
      ]);
      await shows(members.getByRole("rowheader"), [ALICE, BOB]);

      const auditors = seeded.locator("article", {
        has: page.getByRole("heading", { name: "Seeded auditors" }),
      });
      await shows(auditors.getByRole("table", { name: "Policies" }).locator("tbody td"), [
        "allow",
        `Zone Read ${READ_ZONES.id}`,
        `All zones ${ALL_ZONES.id}`,
      ]);
      await shows(auditors.getByRole("table", { name: "Members" }).locator("tbody tr"), [
        `${CAROL}carol@example.compending2026-06-01 09:00:00 UTC`,
      ]);
      const hostile = seeded.locator("article", { has: page.getByRole("heading", { name: XSS }) });
      await shows(hostile.getByRole("table", { name: "Policies" }).locator("tbody td"), [
        "deny",
        BILLING,
        EVERYTHING,
      ]);
      await visible(hostile.getByText("No members."));

      // Newest first: who answered, with what.
      expect(await logRows(page)).toEqual([
        ["09:00:00.000", "GET", "getUserGroup", `/client/v4${groups(ACCOUNT)}/${admins}`, "200", "override"],
        ["09:00:00.000", "GET", "—", "/nowhere", "400", "server"],
        ["09:00:00.000", "POST", "createUserGroup", `/client/v4${groups(isolated)}`, "200", "fake"],
        ["09:00:00.000", "GET", "listUserGroups", `/client/v4${groups(ACCOUNT)}`, "503", "fault"],
        ["09:00:00.000", "GET", "getUserGroup", `/client/v4${groups(ACCOUNT)}/${STRANGER}`, "404", "fake"],
        ["09:00:00.000", "POST", "createUserGroup", `/client/v4${groups(ACCOUNT)}`, "200", "fake"],
        [
          "09:00:00.000",
          "POST",
          "addUserGroupMembers",
          `/client/v4${groups(ACCOUNT)}/${admins}/members`,
          "200",
          "fake",
        ],
        ["09:00:00.000", "POST", "createUserGroup", `/client/v4${groups(ACCOUNT)}`, "200", "fake"],
      ]);
      const flagged = page.locator("#log tbody tr.flagged");
      await shows(flagged.locator(".violation"), [
        /^⚠ Spec violation: getUserGroup answered 200 .*\/result must have required property 'name'/,
      ]);
      await shows(page.locator("#clock"), ["2026-06-01 09:00:00 UTC"]);
      await shows(page.locator("#stats > div"), ["Accounts2", "Groups5", "Memberships4", "Requests8"]);
      // The page's own polling is not in the log it shows.
      expect(server.mock.requests).toHaveLength(8);

      // Changes made while the page is open show up without a reload.
      await admin("POST", "/clock", { advanceMs: 3_600_000 });
      expect((await api("POST", groups(ACCOUNT), { name: "Arrived later" })).status).toBe(200);
      await visible(seeded.getByRole("heading", { name: "Arrived later", level: 4 }));
      await shows(page.locator("#clock"), ["2026-06-01 10:00:00 UTC"]);
      await shows(page.locator("#clock-note"), ["(offset +1 h)"]);
      await expect.poll(() => logRows(page), SHOWN).toHaveLength(9);
      expect((await logRows(page))[0]).toEqual([
        "10:00:00.000",
        "POST",
        "createUserGroup",
        `/client/v4${groups(ACCOUNT)}`,
        "200",
        "fake",
      ]);

      await mkdir(ARTIFACTS, { recursive: true });
      const screenshot = join(ARTIFACTS, "inspector.png");
      await page.screenshot({ path: screenshot, fullPage: true });
      const png = await readFile(screenshot);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // The IHDR chunk: the whole page, at least as large as the viewport.
      expect(png.readUInt32BE(16)).toBe(1440);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(900);
      expect(png.length).toBeGreaterThan(20_000);

      expect(problems).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    "stops polling while its tab is hidden, and picks up again when it is shown",
    async () => {
      const { context, page, problems } = await open();
      // The page's timers run on a clock the test moves, so "no polls while hidden" needs no waiting.
      await page.clock.install({ time: 0 });
      await page.clock.pauseAt(1_000);
      // Counted in the page, as it calls fetch: nothing to wait for after the clock moves.
      await page.addInitScript(() => {
        const counted = window as unknown as { polls: string[] };
        counted.polls = [];
        const original = window.fetch;
        window.fetch = (input, init) => {
          counted.polls.push(String(input));
          return original(input, init);
        };
      });
      const polls = () => page.evaluate(() => (window as unknown as { polls: string[] }).polls.length);
      const setHidden = (hidden: boolean) =>
        page.evaluate((value) => {
          Object.defineProperty(document, "hidden", { value, configurable: true });
          document.dispatchEvent(new Event("visibilitychange"));
        }, hidden);

      await page.goto(`${server.url}/__admin/`);
      await shows(page.locator("#live"), [/^Live/]);
      expect(await page.evaluate(() => (window as unknown as { polls: string[] }).polls.sort())).toEqual([
        "/__admin/clock",
        "/__admin/requests",
        "/__admin/state",
      ]);
      await page.clock.runFor(1_500);
      await expect.poll(polls, SHOWN).toBe(6);

      await setHidden(true);
      await shows(page.locator("#live"), ["Paused while the tab is hidden"]);
      await page.clock.runFor(60_000);
      expect(await polls()).toBe(6);

      // Shown again: it polls at once, then every 1.5 s.
      await setHidden(false);
      await expect.poll(polls, SHOWN).toBe(9);
      await shows(page.locator("#live"), [/^Live/]);

      // Hidden while a poll is in flight: that poll finishes (and draws), and schedules no other.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route("**/__admin/state", async (route) => {
        await held;
        await route.continue();
      });
      await admin("POST", "/clock", { advanceMs: 60_000 });
      await page.clock.runFor(1_500);
      await expect.poll(polls, SHOWN).toBe(12);
      await setHidden(true);
      release();
      await shows(page.locator("#clock"), [/:01:00 UTC$/]);
      await page.clock.runFor(60_000);
      expect(await polls()).toBe(12);
      await shows(page.locator("#live"), ["Paused while the tab is hidden"]);

      expect(problems).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    "draws at most 100 groups per account, 100 members per group and the newest 200 requests, and says so",
    async () => {
      const hex = (n: number) => n.toString(16).padStart(32, "0");
      const people = Array.from({ length: 150 }, (_, n) => ({
        id: hex(n + 1),
        email: `person${n}@example.com`,
      }));
      const own = await startMockServer({
        accountMembers: people,
        groups: Array.from({ length: 120 }, (_, n) => ({
          name: `Group ${String(n).padStart(3, "0")}`,
          members: n === 0 ? people.map((person) => person.id) : [],
        })),
      });
      for (let n = 0; n < 250; n++) {
        await own.mock.fetch(`${own.baseURL}${groups(ACCOUNT)}?page=${n + 1}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
      }
      const long = await own.mock.fetch(`${own.baseURL}${groups(ACCOUNT)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "x".repeat(10_000) }),
      });
      expect(long.status).toBe(200);
      const { context, page, problems } = await open();
      try {
        await page.goto(`${own.url}/__admin/`);
        await shows(page.locator("#log-note"), ["Showing the newest 200 of 251 requests."]);
        expect(await page.locator("#log tbody tr").count()).toBe(200);
        // Newest first: the last request sent is the first row.
        const rows = await logRows(page);
        expect(rows[0]?.[2]).toBe("createUserGroup");
        expect(rows[1]?.[3]).toBe(`/client/v4${groups(ACCOUNT)}?page=250`);
        // A large body is shown cut short.
        const body = await page.locator("#log tbody tr").first().locator("pre").textContent();
        expect(body).toHaveLength(4_001);
        expect(body).toMatch(/^\{\n {2}"name": "x{100}.*…$/s);
        const account = page.locator("section.account").first();
        expect(await account.locator("article").count()).toBe(100);
        await shows(account.locator(":scope > p.note"), ["Showing 100 of 121 groups."]);
        const first = account.locator("article").first();
        expect(await first.getByRole("table", { name: "Members" }).locator("tbody tr").count()).toBe(100);
        await shows(first.locator("p.note"), ["Showing 100 of 150 members."]);
        await shows(page.locator("#stats > div"), [
          "Accounts1",
          "Groups121",
          "Memberships150",
          "Requests251",
        ]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await own.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "says so when the server stops answering, and keeps what it showed",
    async () => {
      const own = await startMockServer({ groups: [{ name: "Still shown" }] });
      const { context, page } = await open();
      try {
        await page.goto(`${own.url}/__admin/`);
        await visible(page.getByRole("heading", { name: "Still shown" }));
        await own.close();
        await shows(page.locator("#live"), [/^Cannot reach the mock server \(.+\); retrying$/]);
        await visible(page.getByRole("heading", { name: "Still shown" }));
      } finally {
        await context.close();
        await own.close().catch(() => {});
      }
    },
    TEST_TIMEOUT,
  );
});
