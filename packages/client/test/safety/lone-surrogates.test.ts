// A lone surrogate (half of a UTF-16 pair) has no UTF-8 form, so
// encodeURIComponent throws a bare URIError on it. Path ids and query values
// with one are refused as a CloudflareError before anything is sent.

import { describe, expect, it } from "vitest";
import { CloudflareError, UserGroupsClient } from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, GROUP, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

const { fetch, requests } = scriptedFetch(() => Response.json(ok([])));
const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });

describe("lone surrogates", () => {
  it.each([
    ["a group id that is a high surrogate", () => client.iam.userGroups.get("\uD800")],
    ["a group id ending in a low surrogate", () => client.iam.userGroups.delete(`${GROUP}\uDC00`)],
    ["a reversed pair", () => client.iam.userGroups.update("\uDE00\uD83D", { name: "x" })],
    ["an account id", () => client.iam.userGroups.create({ account_id: "a\uD800b", name: "x" })],
    ["a member id", () => client.iam.userGroups.members.get("\uDFFF", { user_group_id: GROUP })],
    ["a user_group_id param", () => client.iam.userGroups.members.delete("m", { user_group_id: "\uD800" })],
    ["a query value", () => client.iam.userGroups.list({ fuzzyName: "audit\uD800" })],
    [
      "a member query value",
      () => client.iam.userGroups.members.list(GROUP, { fuzzyEmail: "\uDBFF@example.com" }),
    ],
    [
      "a rawClient path value",
      () =>
        rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
          params: { path: { account_id: ACCOUNT, user_group_id: "\uD800" } },
        }),
    ],
    [
      "a rawClient query value",
      () =>
        rawClient(client).GET("/accounts/{account_id}/iam/user_groups", {
          params: { path: { account_id: ACCOUNT }, query: { name: "\uD800" } },
        }),
    ],
  ])("%s is a CloudflareError before sending", async (_, call) => {
    requests.length = 0;
    const error = await Promise.resolve(call()).then(
      () => expect.unreachable("the call should fail"),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error).not.toBeInstanceOf(URIError);
    expect((error as Error).message).toMatch(/must be well-formed Unicode/);
    expect(requests).toHaveLength(0);
  });

  it("a query name with one is named as a query name", async () => {
    requests.length = 0;
    await expect(client.iam.userGroups.list({ "x\uD800": "1" } as never)).rejects.toThrow(
      "A query name must be well-formed Unicode (no lone surrogates).",
    );
    expect(requests).toHaveLength(0);
  });

  it("a proper surrogate pair (an emoji) is encoded and sent", async () => {
    requests.length = 0;
    await client.iam.userGroups.list({ fuzzyName: "😀" });
    await client.iam.userGroups.members.delete("😀", { user_group_id: GROUP });
    expect(new URL(requests[0]?.url ?? "").search).toBe("?fuzzyName=%F0%9F%98%80");
    expect(new URL(requests[1]?.url ?? "").pathname).toMatch(/\/members\/%F0%9F%98%80$/);
  });
});
