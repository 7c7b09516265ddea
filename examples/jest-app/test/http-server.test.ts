// The fake as a local HTTP server, driven through its control plane the way a
// test in another process would: no MSW, real sockets.

import { UserGroupsClient } from "@cf-user-groups/client";
import { connectMockServer, type RemoteMock } from "@cf-user-groups/testing";
import { type MockServer, startMockServer } from "@cf-user-groups/testing/server";
import { afterAll, afterEach, beforeAll, expect, test } from "@jest/globals";
import { ensureGroup } from "../src/ensure-group";

const ALICE = "7c5dae5552338874e5053f2534d2767a";

let server: MockServer;
let remote: RemoteMock;
let client: UserGroupsClient;

beforeAll(async () => {
  server = await startMockServer({ port: 0, groups: [{ name: "Auditors" }] });
  remote = connectMockServer(server.url);
  await remote.ready();
  client = new UserGroupsClient({
    apiToken: "test",
    accountId: server.mock.accountId,
    baseURL: server.baseURL,
    maxRetries: 1,
  });
});
afterEach(() => remote.reset());
afterAll(() => server.close());

test("ensureGroup against the HTTP server", async () => {
  await expect(
    ensureGroup(client, { accountId: server.mock.accountId, name: "Auditors", members: [ALICE] }),
  ).resolves.toMatchObject({
    created: false,
    added: [ALICE],
  });
  const adds = await remote.requests({ operationId: "addUserGroupMembers" });
  expect(adds).toMatchObject([{ body: [{ id: ALICE }], status: 200 }]);
});

test("a fault injected over the control plane reaches the client, which retries a read", async () => {
  await remote.fail("listUserGroups", { status: 503, times: 1 });

  await expect(
    ensureGroup(client, { accountId: server.mock.accountId, name: "Billing", members: [] }),
  ).resolves.toMatchObject({ created: true });
  const lists = await remote.requests({ operationId: "listUserGroups" });
  expect(lists.map((request) => request.status)).toEqual([503, 200]);
});

test("a create that failed with a 503 is not sent again: the write may have been applied", async () => {
  await remote.fail("createUserGroup", { status: 503, times: 1 });

  await expect(
    ensureGroup(client, { accountId: server.mock.accountId, name: "Billing", members: [] }),
  ).rejects.toMatchObject({ status: 503, mayHaveBeenApplied: true });
  const creates = await remote.requests({ operationId: "createUserGroup" });
  expect(creates.map((request) => request.status)).toEqual([503]);
});
