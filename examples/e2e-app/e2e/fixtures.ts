// The fixtures every test uses: the app's URL, a handle on the fake's control
// plane, a fresh account of the fake for each test, and a client for setting
// data up through the API rather than the UI.

import { existsSync } from "node:fs";
import { UserGroupsClient } from "@cf-user-groups/client";
import {
  connectMockServer,
  defaultAccountMembers,
  type LoggedRequest,
  type RemoteMock,
  type RequestFilter,
} from "@cf-user-groups/testing";
import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";

/** The token the app is started with (playwright.config.ts); the fake accepts any well-formed one. */
const TOKEN = "e2e-test-token";

/** Marks the requests a test sends itself to arrange data, so assertions on what the app sent can leave them out. */
const SETUP_HEADER = "x-e2e-setup";

/**
 * What the app sent to the fake for one account, oldest first: the fake's
 * request log, less the requests the test made through `api`.
 *
 * @example
 * expect(await appRequests(remote, { accountId, operationId: "createUserGroup" })).toHaveLength(1);
 */
export async function appRequests(remote: RemoteMock, filter: RequestFilter & { accountId: string }) {
  const logged: LoggedRequest[] = await remote.requests(filter);
  return logged.filter((request) => request.headers[SETUP_HEADER] === undefined);
}

/** A URL one of the servers printed, which playwright.config.ts stored in the environment. */
function printed(name: "CLOUDFLARE_BASE_URL" | "E2E_APP_URL"): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests with \`playwright test\`, whose webServer sets it.`);
  }
  return value;
}

/** The members every account of the fake starts with, by first name. */
export const members = {
  alice: member("alice@example.com"),
  bob: member("bob@example.com"),
  carol: member("carol@example.com"),
};

function member(email: string): { id: string; email: string } {
  const found = defaultAccountMembers.find((candidate) => candidate.email === email);
  if (!found) throw new Error(`${email} is not in the fake's default directory.`);
  return { id: found.id, email };
}

export const test = base.extend<
  {
    /** An account of the fake that only this test uses, seeded like the default one. */
    accountId: string;
    /** A client on `accountId`, for arranging data without clicking through the UI. */
    api: UserGroupsClient<{ accountId: string }>;
    /** Skips the test, outside CI, when there is no Chromium to run it in. */
    chromiumInstalled: undefined;
  },
  {
    /** The fake's control plane. */
    remote: RemoteMock;
  }
>({
  chromiumInstalled: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use, testInfo) => {
      const chromium = testInfo.project.use.launchOptions?.executablePath;
      testInfo.skip(
        !process.env.CI && chromium !== undefined && !existsSync(chromium),
        `no Chromium at ${chromium}`,
      );
      await use(undefined);
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  baseURL: async ({}, use) => use(printed("E2E_APP_URL")),
  remote: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const remote = connectMockServer(printed("CLOUDFLARE_BASE_URL"));
      await remote.ready();
      await use(remote);
    },
    { scope: "worker" },
  ],
  accountId: async ({ remote }, use) => use(await remote.isolatedAccount()),
  api: async ({ remote, accountId }, use) =>
    use(
      new UserGroupsClient({
        apiToken: TOKEN,
        baseURL: remote.baseURL,
        accountId,
        maxRetries: 0,
        defaultHeaders: { [SETUP_HEADER]: "1" },
      }),
    ),
});
