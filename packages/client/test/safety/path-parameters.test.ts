import { describe, expect, it } from "vitest";
import { CloudflareError, UserGroupsClient } from "../../src/index.js";
import { ACCOUNT, GROUP, group, HttpResponse, ok, TOKEN, useMockServer } from "../support/mock-api.js";

const { server, seen, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT });

describe("path parameters", () => {
  it.each([
    ["a slash", "a/b", "a%2Fb"],
    ["a question mark", "a?admin=1", "a%3Fadmin%3D1"],
    ["a hash", "a#frag", "a%23frag"],
    ["a dot-dot inside", "../../../users", "..%2F..%2F..%2Fusers"],
    ["a percent", "100%", "100%25"],
    ["a space and unicode", "a b✓", "a%20b%E2%9C%93"],
    ["a backslash", "a\\..\\b", "a%5C..%5Cb"],
  ])("an id with %s stays inside its segment", async (_, id, encoded) => {
    server.use(answer(() => HttpResponse.json(ok(group()))));
    await client.iam.userGroups.get(id);
    const url = seen[0]?.url;
    expect(url?.pathname).toBe(`/client/v4/accounts/${ACCOUNT}/iam/user_groups/${encoded}`);
    expect(url?.search).toBe("");
    expect(url?.hash).toBe("");
  });

  it.each([
    [
      "an empty user group id",
      () => client.iam.userGroups.get(""),
      'user_group_id must be a non-empty string other than . and .., got "".',
    ],
    [
      "a user group id of ..",
      () => client.iam.userGroups.delete(".."),
      'user_group_id must be a non-empty string other than . and .., got "..".',
    ],
    [
      "a member id of .",
      () => client.iam.userGroups.members.delete(".", { user_group_id: GROUP }),
      'member_id must be a non-empty string other than . and .., got ".".',
    ],
    [
      "an empty account id",
      () => client.iam.userGroups.get(GROUP, { account_id: "" }),
      /account_id must be a non-empty string/,
    ],
    [
      "a missing user_group_id",
      () => client.iam.userGroups.members.get("m", {} as never),
      "user_group_id must be a non-empty string other than . and .., got undefined.",
    ],
    [
      "a number id",
      () => client.iam.userGroups.get(42 as never),
      "user_group_id must be a non-empty string other than . and .., got 42.",
    ],
  ])("%s fails before sending", async (_, call, message) => {
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const promise = call();
    await expect(promise).rejects.toThrow(CloudflareError);
    await expect(promise).rejects.toThrow(message);
    expect(seen).toHaveLength(0);
  });

  it("a missing account_id with no accountId configured fails before sending, saying how to fix it", async () => {
    const unscoped = new UserGroupsClient({ apiToken: TOKEN });
    server.use(answer(() => HttpResponse.json(ok(group()))));
    await expect(unscoped.iam.userGroups.get(GROUP, {} as never)).rejects.toThrow(
      "account_id is required: pass it in the call's params, or set `accountId` on the client.",
    );
    await expect(unscoped.iam.userGroups.list(undefined as never)).rejects.toThrow(/account_id is required/);
    expect(seen).toHaveLength(0);
  });

  it("bad arguments reject the returned promise instead of throwing synchronously", async () => {
    // Answered if sent, so only a refusal before sending can reject.
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const calls: Promise<unknown>[] = [];
    expect(() => calls.push(client.iam.userGroups.create(undefined as never))).not.toThrow();
    expect(() => calls.push(client.iam.userGroups.members.create(GROUP, undefined as never))).not.toThrow();
    expect(calls).toHaveLength(2);
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(Error);
    expect(seen).toHaveLength(0);
  });
});
