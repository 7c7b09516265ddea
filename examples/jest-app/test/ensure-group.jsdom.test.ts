/**
 * @jest-environment jest-fixed-jsdom
 */
// The same module in a jsdom environment, as a component test runs it:
// jest-fixed-jsdom gives jsdom Node's fetch, Request, Response and streams,
// and resolves packages with Node's export conditions, which MSW needs.

import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, test } from "@jest/globals";
import { ensureGroup } from "../src/ensure-group";
import { ALICE, BOB, mock } from "./user-groups-server";

describe("ensureGroup (jsdom environment, MSW)", () => {
  test("runs in jsdom", () => {
    expect(document.createElement("p").tagName).toBe("P");
  });

  test("creates a missing group and adds only the members an existing one lacks", async () => {
    const client = new UserGroupsClient({ apiToken: "test", accountId: mock.accountId });

    await expect(
      ensureGroup(client, { accountId: mock.accountId, name: "Billing", members: [BOB] }),
    ).resolves.toMatchObject({
      created: true,
      added: [BOB],
    });
    await expect(
      ensureGroup(client, { accountId: mock.accountId, name: "Auditors", members: [ALICE, BOB] }),
    ).resolves.toMatchObject({
      created: false,
      added: [BOB],
    });
    expect(mock.store.listUserGroups().map((group) => group.name)).toEqual(["Auditors", "Billing"]);
    expect(mock.requests.every((request) => request.source === "fake")).toBe(true);
  });
});
