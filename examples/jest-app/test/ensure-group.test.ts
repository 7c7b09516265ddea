// Jest's default environment (node): the client calls the global fetch, and
// MSW answers it with the fake.

import { PermissionDeniedError, UserGroupsClient } from "@cf-user-groups/client";
import { failureEnvelope } from "@cf-user-groups/testing";
import { describe, expect, test } from "@jest/globals";
import { ensureGroup } from "../src/ensure-group";
import { ALICE, BOB, mock, server } from "./user-groups-server";

const client = new UserGroupsClient({ apiToken: "test", accountId: mock.accountId, maxRetries: 0 });
const memberIds = (groupId: string) => mock.store.listMembers(groupId)?.map((member) => member.id);

describe("ensureGroup (node environment, MSW)", () => {
  test("creates a missing group with its members", async () => {
    const result = await ensureGroup(client, {
      accountId: mock.accountId,
      name: "Billing",
      members: [ALICE, BOB],
    });

    expect(result).toMatchObject({ created: true, added: [ALICE, BOB], group: { name: "Billing" } });
    expect(memberIds(result.group.id)).toEqual([ALICE, BOB]);
    expect(mock.requests.map((request) => request.operationId)).toEqual([
      "listUserGroups",
      "createUserGroup",
      "addUserGroupMembers",
    ]);
  });

  test("adds only the members an existing group lacks, and nothing on a second run", async () => {
    const first = await ensureGroup(client, {
      accountId: mock.accountId,
      name: "Auditors",
      members: [ALICE, BOB],
    });
    expect(first).toMatchObject({ created: false, added: [BOB] });

    const second = await ensureGroup(client, {
      accountId: mock.accountId,
      name: "Auditors",
      members: [ALICE, BOB],
    });
    expect(second).toMatchObject({ created: false, added: [] });
    expect(mock.store.listUserGroups().map((group) => group.name)).toEqual(["Auditors"]);
    expect(mock.requests.filter((request) => request.method !== "GET")).toHaveLength(1);
  });

  test("rejects with the API's error when adding members fails, and changes nothing else", async () => {
    server.use(
      mock.override.addUserGroupMembers({
        status: 403,
        body: failureEnvelope({ code: 10000, message: "Authentication error" }),
      }),
    );

    await expect(
      ensureGroup(client, { accountId: mock.accountId, name: "Auditors", members: [BOB] }),
    ).rejects.toThrow(PermissionDeniedError);
    const [auditors] = mock.store.listUserGroups();
    expect(memberIds(auditors?.id ?? "")).toEqual([ALICE]);
    expect(mock.requests.at(-1)).toMatchObject({ operationId: "addUserGroupMembers", source: "override" });
  });
});
