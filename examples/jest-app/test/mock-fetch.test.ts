// Without MSW: the client gets the fake as its fetch, so nothing is intercepted.

import { UserGroupsClient } from "@cf-user-groups/client";
import { rawClient } from "@cf-user-groups/client/raw";
import { createUserGroupsMock } from "@cf-user-groups/testing";
import { expect, test } from "@jest/globals";
import { ensureGroup } from "../src/ensure-group";

const ALICE = "7c5dae5552338874e5053f2534d2767a";

test("ensureGroup against mock.fetch", async () => {
  const mock = createUserGroupsMock();
  const client = new UserGroupsClient({ apiToken: "test", fetch: mock.fetch });

  const { group, created } = await ensureGroup(client, {
    accountId: mock.accountId,
    name: "Auditors",
    members: [ALICE],
  });

  expect(created).toBe(true);
  expect(mock.store.listMembers(group.id)?.map((member) => member.id)).toEqual([ALICE]);
  expect(mock.requests.map((request) => request.operationId)).toEqual([
    "listUserGroups",
    "createUserGroup",
    "addUserGroupMembers",
  ]);
});

// rawClient comes from a subpath export, which Jest resolves through the package's "exports" map,
// and brings openapi-fetch (ESM only) through Jest's transform.
test("rawClient(client) from @cf-user-groups/client/raw", async () => {
  const mock = createUserGroupsMock({ groups: [{ name: "Auditors" }, { name: "Billing" }] });
  const client = new UserGroupsClient({ apiToken: "test", fetch: mock.fetch });

  const { data } = await rawClient(client).GET("/accounts/{account_id}/iam/user_groups", {
    params: { path: { account_id: mock.accountId }, query: { name: "Billing" } },
  });

  expect(data?.result.map((group) => group.name)).toEqual(["Billing"]);
});
