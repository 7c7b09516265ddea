// Failures injected over the fake's control plane, each scoped to the test's
// own account (`accountId`): a fault otherwise belongs to an operation, and the
// next listUserGroups request would fail whichever test sent it. Scoped, these
// run in parallel with the other isolated tests.
//
// The app retries once (maxRetries: 1), so a fault that should reach the page
// is injected for two requests.

import { appRequests, expect, members, test } from "../fixtures.js";

test.afterEach(async ({ remote, accountId }) => {
  await remote.clearFaults({ accountId });
});

test("a 503 from Cloudflare shows a banner instead of the list, and the next load recovers", async ({
  page,
  accountId,
  api,
  remote,
}) => {
  await api.iam.userGroups.create({ name: "Billing" });
  await remote.fail("listUserGroups", { status: 503, times: 2, accountId });

  // Scoped: another account's page is untouched.
  await page.goto(`/accounts/${await remote.isolatedAccount()}/groups`);
  await expect(page.getByText("No user groups yet.")).toBeVisible();

  const failed = await page.goto(`/accounts/${accountId}/groups`);
  expect(failed?.status()).toBe(502);
  await expect(page.getByRole("alert")).toHaveText("Cloudflare is unavailable (503), try again.");
  await expect(page.locator("table")).toHaveCount(0);
  // The form still works on the failed page.
  await expect(page.getByRole("button", { name: "Create group" })).toBeVisible();
  expect(await appRequests(remote, { accountId, operationId: "listUserGroups" })).toMatchObject([
    { status: 503, source: "fault" },
    { status: 503, source: "fault" },
  ]);

  await page.reload();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Billing" })).toBeVisible();
});

test("a slow Cloudflare makes the page slow, not broken", async ({ page, accountId, api, remote }) => {
  await api.iam.userGroups.create({ name: "Support" });
  const delayMs = 2_000;
  await remote.delay("listUserGroups", delayMs, { accountId });

  const started = performance.now();
  await page.goto(`/accounts/${accountId}/groups`);
  // A lower bound only: the fake holds the request at least this long (less
  // a millisecond of timer rounding); how much longer depends on the machine.
  expect(performance.now() - started).toBeGreaterThanOrEqual(delayMs - 1);
  await expect(page.getByRole("link", { name: "Support" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(await appRequests(remote, { accountId, operationId: "listUserGroups" })).toMatchObject([
    { status: 200, source: "fake" },
  ]);
});

test("a dropped connection while creating shows a banner, keeps the name typed and creates nothing", async ({
  page,
  accountId,
  api,
  remote,
}) => {
  await page.goto(`/accounts/${accountId}/groups`);
  await remote.networkError("createUserGroup", { accountId });
  await page.getByLabel("Name").fill("Network team");
  await page.getByRole("button", { name: "Create group" }).click();

  await expect(page.getByRole("alert")).toHaveText("Cloudflare could not be reached, try again.");
  await expect(page.getByLabel("Name")).toHaveValue("Network team");
  await expect(page.getByText("No user groups yet.")).toBeVisible();
  // The client does not repeat a create whose connection dropped: it may have gone through.
  expect(await appRequests(remote, { accountId, operationId: "createUserGroup" })).toMatchObject([
    { status: "network-error", source: "fault", body: { name: "Network team" } },
  ]);
  expect((await api.iam.userGroups.list()).result).toEqual([]);

  // The fault is used up: sending the form again works.
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Network team");
});

test("rate limiting while adding a member shows a banner and leaves the members as they were", async ({
  page,
  accountId,
  api,
  remote,
}) => {
  const group = await api.iam.userGroups.create({ name: "Auditors" });
  await page.goto(`/accounts/${accountId}/groups/${group.id}`);
  await remote.fail("addUserGroupMembers", { status: 429, retryAfter: 0, times: 2, accountId });
  await page.getByLabel("Member id").fill(members.alice.id);
  await page.getByRole("button", { name: "Add member" }).click();

  await expect(page.getByRole("alert")).toHaveText(
    "Cloudflare is rate limiting this app (429), try again in a minute.",
  );
  await expect(page.getByText("No members yet.")).toBeVisible();
  expect(await appRequests(remote, { accountId, operationId: "addUserGroupMembers" })).toMatchObject([
    { status: 429, source: "fault" },
    { status: 429, source: "fault" },
  ]);
  expect((await api.iam.userGroups.members.list(group.id)).result).toEqual([]);
});
