import { APIConnectionError, UserGroupsClient } from "@cf-user-groups/client";
import Cloudflare from "cloudflare";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import { ALICE, BOB, tickingClock } from "../support/api.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({
    validateResponses: true,
    now: tickingClock(),
    groups: [{ name: "Billing" }, { name: "Zone admins" }],
  });
});
afterEach(() => server.mock.reset());
afterAll(() => server.close());

describe("startMockServer", () => {
  it("listens on 127.0.0.1 and serves the API under /client/v4", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/client/v4`);
  });

  it("the official cloudflare SDK runs all ten methods against it, paginating to a normal end", async () => {
    const cf = new Cloudflare({ apiToken: "test-token", baseURL: server.baseURL, maxRetries: 0 });
    const account_id = server.mock.accountId;
    const userGroups = cf.iam.userGroups;

    const created = await userGroups.create({
      account_id,
      name: "Auditors",
      policies: [
        {
          access: "allow",
          permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
          resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
        },
      ],
    });
    expect(created.name).toBe("Auditors");
    expect((await userGroups.get(created.id, { account_id })).policies).toHaveLength(1);
    expect((await userGroups.update(created.id, { account_id, name: "Readers" })).name).toBe("Readers");

    const names: string[] = [];
    for await (const group of userGroups.list({ account_id, per_page: 2 })) names.push(group.name);
    expect(names).toEqual(["Billing", "Readers", "Zone admins"]);

    const added = await userGroups.members.create(created.id, {
      account_id,
      members: [{ id: ALICE }, { id: BOB }],
    });
    expect(added.result.map((member) => member.id)).toEqual([ALICE, BOB]);
    const emails: string[] = [];
    for await (const member of userGroups.members.list(created.id, { account_id, per_page: 1 })) {
      emails.push(member.email ?? "");
    }
    expect(emails).toEqual(["alice@example.com", "bob@example.com"]);
    expect(
      (await userGroups.members.update(created.id, { account_id, members: [{ id: ALICE }] })).result,
    ).toHaveLength(1);
    expect(
      (await userGroups.members.get(ALICE, { account_id, user_group_id: created.id })).user?.first_name,
    ).toBe("Alice");
    expect((await userGroups.members.delete(ALICE, { account_id, user_group_id: created.id })).id).toBe(
      ALICE,
    );
    expect(await userGroups.delete(created.id, { account_id })).toEqual({ id: created.id });

    const operations = server.mock.requests.map((request) => request.operationId);
    expect(new Set(operations).size).toBe(10);
    // The official SDK asks for one page past the end of each list before it stops.
    expect(operations.filter((operation) => operation === "listUserGroups")).toHaveLength(3);
  });

  it("our client runs against it too, and sees a dropped connection as a connection error", async () => {
    const client = new UserGroupsClient({
      apiToken: "t",
      baseURL: server.baseURL,
      accountId: server.mock.accountId,
      maxRetries: 0,
    });
    expect((await client.iam.userGroups.list()).result_info.total_count).toBe(2);
    server.mock.networkError("listUserGroups");
    await expect(client.iam.userGroups.list()).rejects.toBeInstanceOf(APIConnectionError);
    expect((await client.iam.userGroups.list()).result).toHaveLength(2);
  });

  it("answers 400 (code 7000) outside /client/v4", async () => {
    const response = await fetch(`${server.url}/accounts/${server.mock.accountId}/iam/user_groups`, {
      headers: { authorization: "Bearer t" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].code).toBe(7000);
  });

  it("malformed requests get 4xx envelopes, not 500s", async () => {
    const response = await fetch(`${server.baseURL}/accounts/${server.mock.accountId}/iam/user_groups`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).success).toBe(false);
  });

  it("closes, refusing connections afterwards", async () => {
    const another = await startMockServer();
    await another.close();
    await expect(fetch(`${another.baseURL}/accounts/x/iam/user_groups`)).rejects.toBeInstanceOf(TypeError);
  });
});
