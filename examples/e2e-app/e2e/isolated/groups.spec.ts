// The app's pages against the fake, each test in an account of its own: these
// run in parallel, and inject no faults (those reach every account).

import { appRequests, expect, members, test } from "../fixtures.js";

const { alice, bob } = members;
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/;

test("creates a group, adds a member and lists the group with its member count", async ({
  page,
  accountId,
  remote,
}) => {
  await page.goto(`/accounts/${accountId}/groups`);
  await expect(page.getByText("No user groups yet.")).toBeVisible();

  await page.getByLabel("Name").fill("Auditors");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Auditors");
  await expect(page.getByText("No members yet.")).toBeVisible();
  const groupId = new URL(page.url()).pathname.split("/").at(-1);

  await page.getByLabel("Member id").fill(alice.id);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator(`tr[data-member-id="${alice.id}"] td`)).toHaveText([
    alice.email,
    "accepted",
    "Remove",
  ]);

  await page.getByRole("link", { name: "All groups" }).click();
  await expect(page.locator(`tr[data-group-id="${groupId}"] td`)).toHaveText(["Auditors", "1", TIMESTAMP]);
  await expect(page.locator("tbody tr")).toHaveCount(1);

  // Exactly what the app sent to change things: one create, one add, with the token.
  const writes = (await appRequests(remote, { accountId })).filter((request) => request.method !== "GET");
  expect(writes).toMatchObject([
    { operationId: "createUserGroup", status: 200, headers: { authorization: "[redacted]" } },
    { operationId: "addUserGroupMembers", status: 200, params: { user_group_id: groupId } },
  ]);
  expect(writes[0]?.body).toStrictEqual({ name: "Auditors" });
  expect(writes[1]?.body).toStrictEqual([{ id: alice.id }]);
  // The member count came from a one-item page of the group's members.
  const counts = await appRequests(remote, { accountId, operationId: "listUserGroupMembers" });
  expect(counts.at(-1)).toMatchObject({ params: { user_group_id: groupId }, query: { per_page: "1" } });
});

test("removes a member", async ({ page, accountId, api, remote }) => {
  const group = await api.iam.userGroups.create({ name: "Zone admins" });
  await api.iam.userGroups.members.create(group.id, { members: [{ id: alice.id }, { id: bob.id }] });

  await page.goto(`/accounts/${accountId}/groups/${group.id}`);
  await expect(page.locator("tr[data-member-id]")).toHaveCount(2);
  await page.getByRole("button", { name: `Remove ${alice.email}` }).click();
  await expect(page.locator("tr[data-member-id] td:first-child")).toHaveText([bob.email]);

  const removals = await appRequests(remote, { accountId, operationId: "removeUserGroupMember" });
  expect(removals).toMatchObject([
    { method: "DELETE", status: 200, params: { user_group_id: group.id, member_id: alice.id } },
  ]);
  const remaining = await api.iam.userGroups.members.list(group.id);
  expect(remaining.result.map((member) => member.id)).toEqual([bob.id]);
});

test("a group that does not exist gets a not-found page, not a crash", async ({ page, accountId }) => {
  const missing = "ffffffffffffffffffffffffffffffff";
  const response = await page.goto(`/accounts/${accountId}/groups/${missing}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toHaveText(`Not found (404): User group ${missing} not found.`);
});

test("a member outside the account is refused with Cloudflare's reason, and nothing changes", async ({
  page,
  accountId,
  api,
  remote,
}) => {
  const group = await api.iam.userGroups.create({ name: "Contractors" });
  const stranger = "0123456789abcdef0123456789abcdef";

  await page.goto(`/accounts/${accountId}/groups/${group.id}`);
  await page.getByLabel("Member id").fill(stranger);
  await page.getByRole("button", { name: "Add member" }).click();

  await expect(page.getByRole("alert")).toContainText("Cloudflare could not do that (400)");
  await expect(page.getByLabel("Member id")).toHaveValue(stranger);
  await expect(page.getByText("No members yet.")).toBeVisible();
  expect(await appRequests(remote, { accountId, operationId: "addUserGroupMembers" })).toMatchObject([
    { status: 400, body: [{ id: stranger }] },
  ]);
});

test("names are shown as text, never as markup", async ({ page, accountId }) => {
  const name = `<img src=x onerror="document.title='injected'"> & co`;
  await page.goto(`/accounts/${accountId}/groups`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create group" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("link", { name: "All groups" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  await expect(page.locator("img")).toHaveCount(0);
  await expect(page).toHaveTitle("User groups");
});
