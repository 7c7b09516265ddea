// The dates the app shows are the ones the API returns, so moving the fake's
// clock moves them. Unlike data and faults, the clock cannot be scoped to an
// account: it stamps every account's writes. So this file is in the
// "shared-state" project (one test at a time, after the isolated tests), and
// puts the clock back on real time afterwards.

import { expect, test } from "../fixtures.js";

const DAY_MS = 24 * 60 * 60 * 1000;

test.afterEach(async ({ remote }) => {
  await remote.clock.set(new Date());
});

test("created dates follow the fake's clock", async ({ page, accountId, remote }) => {
  await remote.clock.set("2031-05-17T09:30:00Z", { frozen: true });

  await page.goto(`/accounts/${accountId}/groups`);
  await page.getByLabel("Name").fill("Early");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.locator("time").first()).toHaveText("2031-05-17 09:30 UTC");
  await expect(page.locator("time").first()).toHaveAttribute("datetime", "2031-05-17T09:30:00.000Z");

  expect(await remote.clock.advance(90 * DAY_MS)).toEqual(new Date("2031-08-15T09:30:00Z"));
  await page.getByRole("link", { name: "All groups" }).click();
  await page.getByLabel("Name").fill("Late");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.locator("time").first()).toHaveText("2031-08-15 09:30 UTC");

  await page.getByRole("link", { name: "All groups" }).click();
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator("td")).toHaveText(["Early", "0", "2031-05-17 09:30 UTC"]);
  await expect(rows.nth(1).locator("td")).toHaveText(["Late", "0", "2031-08-15 09:30 UTC"]);
});
