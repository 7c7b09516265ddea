// Two tests, run by two workers at the same time, each create a group with
// the same name in their own account. Each waits until the fake's request log
// shows both groups were created, then checks its page lists only its own:
// whatever order the workers run in, the other group is there to leak.

import { expect, test } from "../fixtures.js";

const NAME = "Platform team";

for (const side of ["one", "two"]) {
  test(`account ${side} sees only its own "${NAME}" while the other account has one too`, async ({
    page,
    accountId,
    remote,
  }, testInfo) => {
    test.skip(testInfo.config.workers < 2, "needs two workers running at once");

    await page.goto(`/accounts/${accountId}/groups`);
    await page.getByLabel("Name").fill(NAME);
    await page.getByRole("button", { name: "Create group" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(NAME);
    const ownId = new URL(page.url()).pathname.split("/").at(-1);

    // Both workers have created theirs once the log shows two creates of that name.
    await expect
      .poll(
        async () => {
          const creates = await remote.requests({ operationId: "createUserGroup", status: 200 });
          return creates.filter((request) => (request.body as { name?: unknown } | undefined)?.name === NAME)
            .length;
        },
        { timeout: 45_000, message: "the other worker never created its group" },
      )
      .toBeGreaterThanOrEqual(2);

    await page.getByRole("link", { name: "All groups" }).click();
    await expect(page.locator("tr[data-group-id]")).toHaveCount(1);
    await expect(page.locator("tr[data-group-id]")).toHaveAttribute("data-group-id", ownId ?? "");
    await expect(page.getByRole("link", { name: NAME })).toHaveCount(1);
  });
}
