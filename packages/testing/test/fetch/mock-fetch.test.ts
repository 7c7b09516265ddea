import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, ErrorCodes } from "../../src/index.js";
import { ALICE, tickingClock } from "../support/api.js";

describe("mock.fetch, without MSW", () => {
  it("runs the typed client against the fake", async () => {
    const mock = createUserGroupsMock({ validateResponses: true, now: tickingClock() });
    const client = new UserGroupsClient({ apiToken: "t", accountId: mock.accountId, fetch: mock.fetch });
    const group = await client.iam.userGroups.create({ name: "Auditors" });
    await client.iam.userGroups.members.update(group.id, { members: [{ id: ALICE }] });
    const names: string[] = [];
    for await (const member of client.iam.userGroups.members.list(group.id)) names.push(member.email ?? "");
    expect(names).toEqual(["alice@example.com"]);
    expect(mock.requests.map((request) => request.operationId)).toEqual([
      "createUserGroup",
      "replaceUserGroupMembers",
      "listUserGroupMembers",
    ]);
  });

  it("works for any base URL, and accepts a URL, a string or a Request", async () => {
    const mock = createUserGroupsMock();
    const path = `/accounts/${mock.accountId}/iam/user_groups`;
    const headers = { authorization: "Bearer t" };
    for (const [input, init] of [
      [`http://localhost:1234/proxy${path}`, { headers }],
      [new URL(`https://example.com${path}`), { headers }],
      // A Request carries its own headers: none are passed again.
      [new Request(`https://api.cloudflare.com/client/v4${path}`, { headers }), undefined],
    ] as const) {
      const response = await mock.fetch(input, init);
      expect(response.status).toBe(200);
    }
    // Without credentials the same Request is refused, so the Request's own headers were used above.
    const bare = await mock.fetch(new Request(`https://api.cloudflare.com/client/v4${path}`));
    expect(bare.status).toBe(400);
    expect(mock.requests.map((request) => request.path)).toEqual([
      `/proxy${path}`,
      path,
      `/client/v4${path}`,
      `/client/v4${path}`,
    ]);
  });

  it("answers 400 (code 7000) for a request no operation matches", async () => {
    const mock = createUserGroupsMock();
    for (const [method, url] of [
      ["PATCH", `https://api.cloudflare.com/client/v4/accounts/${mock.accountId}/iam/user_groups`],
      ["GET", "https://api.cloudflare.com/client/v4/zones"],
      ["GET", `https://api.cloudflare.com/client/v4/accounts/${mock.accountId}/iam/user_groups/a/b/c/d`],
    ] as const) {
      const response = await mock.fetch(url, { method, headers: { authorization: "Bearer t" } });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].code).toBe(ErrorCodes.NO_ROUTE);
    }
    expect(mock.requests.map((request) => request.operationId)).toEqual([undefined, undefined, undefined]);
  });
});
