// Which writes the client repeats, end to end against the fake: its network
// error before the store changes (though the client cannot tell), and after
// (`afterApply`: the answer is lost, as a reset after processing loses it),
// and what the sync does when a create may have gone through.

import { APIConnectionError, type ClientOptions, UserGroupsClient } from "@cf-user-groups/client";
import { createUserGroupsMock } from "@cf-user-groups/testing";
import type { OperationId } from "@cf-user-groups/types";
import { describe, expect, it } from "vitest";
import { syncUserGroups } from "../src/sync.js";
import { ALICE, BOB } from "./setup.js";

/**
 * A fake behind `mock.fetch`, and a client on it, where the next answers to
 * `dropAfter`'s operations are lost after the fake applied them
 * (`mock.networkError(…, { afterApply: true })`): a reset after processing.
 */
function setup(dropAfter: Partial<Record<OperationId, number>> = {}, options: ClientOptions = {}) {
  const mock = createUserGroupsMock({ groups: [{ name: "Billing", members: [ALICE] }] });
  for (const [operationId, times] of Object.entries(dropAfter))
    mock.networkError(operationId as OperationId, { afterApply: true, times });
  const client = new UserGroupsClient({
    apiToken: "test",
    accountId: mock.accountId,
    fetch: mock.fetch,
    ...options,
  });
  const names = () => mock.store.listUserGroups().map((group) => group.name);
  const calls = (operationId: OperationId) =>
    mock.requests.filter((request) => request.operationId === operationId).map((request) => request.status);
  return { mock, client, names, calls };
}

describe("a create is not repeated unless the request provably was not processed", () => {
  it("the fake's network error: not retried, reported as possibly applied, and nothing was", async () => {
    const { mock, client, names, calls } = setup();
    mock.networkError("createUserGroup");
    const error = await client.iam.userGroups.create({ name: "Auditors" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(calls("createUserGroup")).toEqual(["network-error"]);
    expect(names()).toEqual(["Billing"]);
  });

  it("a lost answer after the fake created the group: one group, and an error that says so", async () => {
    const { client, names, calls } = setup({ createUserGroup: 1 });
    const error = await client.iam.userGroups.create({ name: "Auditors" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(calls("createUserGroup")).toEqual(["network-error"]);
    expect(names()).toEqual(["Auditors", "Billing"]);
  });

  it("with retryNonIdempotent, the same lost answer ends in a duplicate, as with the official SDK", async () => {
    const { client, names } = setup({ createUserGroup: 1 }, { retryNonIdempotent: true });
    await client.iam.userGroups.create({ name: "Auditors" });
    expect(names()).toEqual(["Auditors", "Auditors", "Billing"]);
  });

  it("a 429 applied nothing: retried, one group", async () => {
    const { mock, client, names, calls } = setup();
    mock.fail("createUserGroup", { status: 429, retryAfter: 0 });
    await client.iam.userGroups.create({ name: "Auditors" });
    expect(calls("createUserGroup")).toEqual([429, 200]);
    expect(names()).toEqual(["Auditors", "Billing"]);
  });
});

describe("the idempotent writes are repeated after a lost answer, and end where one would", () => {
  it("update, replace and add members", async () => {
    const { client, mock, calls } = setup({
      updateUserGroup: 1,
      replaceUserGroupMembers: 1,
      addUserGroupMembers: 1,
    });
    const [billing] = mock.store.listUserGroups();
    const id = billing?.id as string;
    await client.iam.userGroups.update(id, { name: "Finance" });
    await client.iam.userGroups.members.update(id, { members: [{ id: BOB }] });
    await client.iam.userGroups.members.create(id, { members: [{ id: ALICE }] });
    expect([
      calls("updateUserGroup"),
      calls("replaceUserGroupMembers"),
      calls("addUserGroupMembers"),
    ]).toEqual([
      ["network-error", 200],
      ["network-error", 200],
      ["network-error", 200],
    ]);
    expect(mock.store.getUserGroup(id)?.name).toBe("Finance");
    expect(
      mock.store
        .listMembers(id)
        ?.map((member) => member.id)
        .sort(),
    ).toEqual([ALICE, BOB].sort());
  });

  it("a delete whose answer was lost resolves as deleted when the retry gets 404", async () => {
    const { client, mock, names, calls } = setup({ deleteUserGroup: 1, removeUserGroupMember: 1 });
    const id = mock.store.listUserGroups()[0]?.id as string;
    await expect(client.iam.userGroups.members.delete(ALICE, { user_group_id: id })).resolves.toEqual({
      id: ALICE,
    });
    await expect(client.iam.userGroups.delete(id)).resolves.toEqual({ id });
    expect([calls("removeUserGroupMember"), calls("deleteUserGroup")]).toEqual([
      ["network-error", 404],
      ["network-error", 404],
    ]);
    expect(names()).toEqual([]);
  });
});

describe("syncUserGroups", () => {
  it("looks the group up when a create may have gone through, and ends without a duplicate", async () => {
    const { client, mock, names, calls } = setup({ createUserGroup: 1 });
    await syncUserGroups(
      client,
      {
        groups: [
          { name: "Billing", policies: [], members: [ALICE] },
          { name: "Auditors", policies: [], members: [BOB] },
        ],
      },
      { accountId: mock.accountId, log: () => {} },
    );
    expect(calls("createUserGroup")).toEqual(["network-error"]);
    expect(names()).toEqual(["Auditors", "Billing"]);
    const auditors = mock.store.listUserGroups().find((group) => group.name === "Auditors");
    expect(mock.store.listMembers(auditors?.id as string)?.map((member) => member.id)).toEqual([BOB]);
  });
});
