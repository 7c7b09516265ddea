import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock } from "../../src/index.js";
import { ACCOUNT, ALICE, useMockedApi } from "../support/api.js";

const { mock, groups } = useMockedApi();

describe("mock.requests", () => {
  it("redacts every header that carries a credential, by name", async () => {
    const secret = "s3cret-value";
    await mock.fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      headers: {
        authorization: `Bearer ${secret}`,
        "proxy-authorization": `Basic ${secret}`,
        "x-auth-key": secret,
        "x-auth-email": "a@example.com",
        "x-auth-user-service-key": secret,
        cookie: `session=${secret}`,
        "x-trace": "kept",
      },
    });
    const [logged] = mock.requests;
    expect(logged?.headers).toMatchObject({
      authorization: "[redacted]",
      "proxy-authorization": "[redacted]",
      "x-auth-key": "[redacted]",
      "x-auth-email": "[redacted]",
      "x-auth-user-service-key": "[redacted]",
      cookie: "[redacted]",
      "x-trace": "kept",
    });
    expect(JSON.stringify(mock.requests)).not.toContain(secret);
  });

  it("logs each request: operation, method, path, decoded params, query, parsed body, redacted headers, status", async () => {
    const created = await groups.create({ name: "Auditors" });
    await groups.members.create(created.id, { members: [{ id: ALICE }] });
    await groups.list({ fuzzyName: "aud", per_page: 5 });
    expect(mock.requests).toEqual([
      {
        operationId: "createUserGroup",
        method: "POST",
        path: `/client/v4/accounts/${ACCOUNT}/iam/user_groups`,
        params: { account_id: ACCOUNT },
        query: {},
        body: { name: "Auditors" },
        headers: expect.objectContaining({ authorization: "[redacted]", "content-type": "application/json" }),
        status: 200,
        source: "fake",
        // When the fake answered, by its clock (the test's ticking clock).
        at: expect.stringMatching(/^2026-03-01T12:00:0\d\.000Z$/),
      },
      expect.objectContaining({
        operationId: "addUserGroupMembers",
        params: { account_id: ACCOUNT, user_group_id: created.id },
        body: [{ id: ALICE }],
        status: 200,
      }),
      expect.objectContaining({
        operationId: "listUserGroups",
        method: "GET",
        query: { fuzzyName: "aud", per_page: "5" },
        body: undefined,
      }),
    ]);
  });

  it("never holds a credential", async () => {
    const keyed = new UserGroupsClient({
      apiKey: "key-SECRET-123",
      apiEmail: "admin@example.com",
      accountId: ACCOUNT,
    });
    await keyed.iam.userGroups.list();
    const token = new UserGroupsClient({ apiToken: "token-SECRET-456", accountId: ACCOUNT });
    await token.iam.userGroups.list();
    const logged = JSON.stringify(mock.requests);
    expect(logged).not.toContain("SECRET");
    // The email half of a Global API key is a credential too.
    expect(logged).not.toContain("admin@example.com");
    expect(mock.requests[0]?.headers).toMatchObject({
      "x-auth-key": "[redacted]",
      "x-auth-email": "[redacted]",
    });
    expect(mock.requests[1]?.headers).toMatchObject({ authorization: "[redacted]" });
  });

  it("keeps a body that is not JSON as text", async () => {
    await fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: "name=Auditors",
    });
    expect(mock.requests[0]).toMatchObject({ body: "name=Auditors", status: 400 });
  });

  it("is emptied by reset(), which also restores the data and the ids", async () => {
    const first = await groups.create({ name: "One" });
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(mock.store.listUserGroups()).toEqual([]);
    expect((await groups.create({ name: "One" })).id).toBe(first.id);
  });

  it("keeps only the newest requests when requestLogLimit is set", async () => {
    const small = createUserGroupsMock({ requestLogLimit: 2 });
    const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch: small.fetch });
    for (const name of ["a", "b", "c"]) await client.iam.userGroups.create({ name });
    expect(small.requests.map((request) => (request.body as { name: string }).name)).toEqual(["b", "c"]);
  });
});
