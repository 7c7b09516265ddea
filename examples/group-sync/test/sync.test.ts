import { NotFoundError, UserGroupsClient } from "@cf-user-groups/client";
import { failureEnvelope } from "@cf-user-groups/testing";
import { describe, expect, it } from "vitest";
import { type CurrentGroup, planSync, type SyncConfig, syncUserGroups } from "../src/sync.js";
import { ALICE, ALL_ZONES, BOB, CAROL, mock, server, ZONE_EDIT, ZONE_READ } from "./setup.js";

const client = new UserGroupsClient({ apiToken: "test-token", accountId: mock.accountId });
const policy = (permission: string) => ({
  access: "allow" as const,
  permission_groups: [permission],
  resource_groups: [ALL_ZONES],
});

/** Billing gains Bob, Zone editors switch to read-only, Auditors is new, Legacy admins goes. */
const config: SyncConfig = {
  groups: [
    { name: "Billing", policies: [policy(ZONE_READ)], members: [ALICE, BOB] },
    { name: "Zone editors", policies: [policy(ZONE_READ)], members: [ALICE, BOB] },
    { name: "Auditors", policies: [policy(ZONE_READ)], members: [CAROL] },
  ],
};
const writes = () =>
  mock.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.operationId, request.status]);

describe("syncUserGroups", () => {
  it("in a dry run prints the plan and changes nothing", async () => {
    const before = mock.store.snapshot();
    const lines: string[] = [];
    await syncUserGroups(client, config, {
      accountId: mock.accountId,
      dryRun: true,
      log: (line) => lines.push(line),
    });
    expect(lines).toEqual([
      `~ set the members of "Billing": +${BOB}`,
      `~ update the policies of "Zone editors"`,
      `+ create "Auditors" (1 policy, 1 member)`,
      `- delete "Legacy admins"`,
    ]);
    expect(writes()).toEqual([]);
    expect(mock.store.snapshot()).toEqual(before);
  });

  it("makes the account match the config, then has nothing left to do", async () => {
    await syncUserGroups(client, config, { accountId: mock.accountId, log: () => {} });
    expect(writes()).toEqual([
      ["replaceUserGroupMembers", 200],
      ["updateUserGroup", 200],
      ["createUserGroup", 200],
      ["replaceUserGroupMembers", 200],
      ["deleteUserGroup", 200],
    ]);
    const groups = mock.store.listUserGroups();
    expect(groups.map((group) => group.name)).toEqual(["Auditors", "Billing", "Zone editors"]);
    const editors = groups.find((group) => group.name === "Zone editors");
    expect(editors?.policies?.[0]?.permission_groups?.map((group) => group.id)).toEqual([ZONE_READ]);
    expect(mock.store.listMembers(groups[0]?.id as string)?.map((member) => member.id)).toEqual([CAROL]);

    const lines: string[] = [];
    await syncUserGroups(client, config, { accountId: mock.accountId, log: (line) => lines.push(line) });
    expect(lines).toEqual(["Nothing to change."]);
  });

  it("rides out two 429s with Retry-After and a dropped connection, thanks to the client's retries", async () => {
    mock.fail("createUserGroup", { status: 429, retryAfter: 0, times: 2 });
    mock.networkError("deleteUserGroup");
    await syncUserGroups(client, config, { accountId: mock.accountId, log: () => {} });
    const creates = mock.requests.filter((request) => request.operationId === "createUserGroup");
    expect(creates.map((request) => [request.source, request.status])).toEqual([
      ["fault", 429],
      ["fault", 429],
      ["fake", 200],
    ]);
    expect(creates.map((request) => request.body)).toEqual([
      {
        name: "Auditors",
        policies: [
          { access: "allow", permission_groups: [{ id: ZONE_READ }], resource_groups: [{ id: ALL_ZONES }] },
        ],
      },
      expect.anything(),
      expect.anything(),
    ]);
    const deletes = mock.requests.filter((request) => request.operationId === "deleteUserGroup");
    expect(deletes.map((request) => request.status)).toEqual(["network-error", 200]);
    expect(mock.store.listUserGroups().map((group) => group.name)).toEqual([
      "Auditors",
      "Billing",
      "Zone editors",
    ]);
  }, 10_000);

  it("stops with the API's error when a group vanishes mid-sync", async () => {
    server.use(
      mock.override.updateUserGroup(
        { status: 404, body: failureEnvelope({ code: 1004, message: "User group not found." }) },
        { once: true },
      ),
    );
    await expect(
      syncUserGroups(client, config, { accountId: mock.accountId, log: () => {} }),
    ).rejects.toBeInstanceOf(NotFoundError);
    // The members of Billing were set before the failing update; nothing after it ran.
    expect(writes()).toEqual([
      ["replaceUserGroupMembers", 200],
      ["updateUserGroup", 404],
    ]);
  });

  it("sends credentials the fake can check, and never logs them", async () => {
    await syncUserGroups(client, config, { accountId: mock.accountId, dryRun: true, log: () => {} });
    expect(mock.requests.length).toBeGreaterThan(0);
    expect(mock.requests.every((request) => request.headers.authorization === "[redacted]")).toBe(true);
  });
});

describe("planSync", () => {
  const current = (name: string, permissions: string[], members: string[] = []): CurrentGroup => ({
    group: {
      id: `${name.length}`.padStart(32, "a"),
      name,
      created_on: "2026-01-01T00:00:00Z",
      modified_on: "2026-01-01T00:00:00Z",
      policies: permissions.map((permission, index) => ({
        id: `${index}`.padStart(32, "b"),
        access: "allow",
        permission_groups: [{ id: permission }],
        resource_groups: [{ id: ALL_ZONES, scope: { key: "k", objects: [] } }],
      })),
    },
    members,
  });

  it("recreates a group whose policies grow, since an update can only rewrite existing ones", () => {
    const [action] = planSync([current("Ops", [ZONE_READ])], {
      groups: [{ name: "Ops", policies: [policy(ZONE_READ), policy(ZONE_EDIT)], members: [] }],
    });
    expect(action).toMatchObject({ kind: "recreate", reason: "needs 2 policies, has 1" });
  });

  it("updates a group whose policies shrink, naming the ids it keeps", () => {
    const [action] = planSync([current("Ops", [ZONE_READ, ZONE_EDIT])], {
      groups: [{ name: "Ops", policies: [policy(ZONE_EDIT)], members: [] }],
    });
    expect(action).toMatchObject({ kind: "update-policies", policyIds: ["0".padStart(32, "b")] });
  });

  it("ignores the order of policies, ids and members", () => {
    expect(
      planSync([current("Ops", [ZONE_READ, ZONE_EDIT], [BOB, ALICE])], {
        groups: [{ name: "Ops", policies: [policy(ZONE_EDIT), policy(ZONE_READ)], members: [ALICE, BOB] }],
      }),
    ).toEqual([]);
  });

  it("refuses a config that lists a group twice", () => {
    expect(() =>
      planSync([], {
        groups: [
          { name: "Ops", policies: [], members: [] },
          { name: "Ops", policies: [], members: [] },
        ],
      }),
    ).toThrow('The config lists the user group "Ops" twice.');
  });
});
