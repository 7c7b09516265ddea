// `page` and `per_page` are checked before sending: from plain JS,
// `list({ page: "2" })` once asked for page "2", then page "21" ("2" + 1).

import { describe, expect, it } from "vitest";
import { CloudflareError, UserGroupsClient } from "../../src/index.js";
import { ACCOUNT, GROUP, member, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

/** Page `n`: one member of its own, of 100. */
const page = (n: number) =>
  ok([member(n.toString(16).padStart(32, "0"))], {
    result_info: { count: 1, page: n, per_page: 1, total_count: 100 },
  });
const { fetch, requests } = scriptedFetch((request) =>
  Response.json(page(Number(new URL(request.url).searchParams.get("page") ?? 1))),
);
const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });

describe("page and per_page", () => {
  it.each([
    ["page", "2"],
    ["page", 0],
    ["page", -1],
    ["page", 1.5],
    ["page", Number.NaN],
    ["page", Number.POSITIVE_INFINITY],
    ["page", true],
    ["page", [2]],
    ["page", 10n],
    ["per_page", "50"],
    ["per_page", 0],
    ["per_page", 501],
    ["per_page", 2.5],
    ["per_page", Number.NaN],
    ["per_page", {}],
  ])("%s: %o is refused before sending", async (name, value) => {
    requests.length = 0;
    for (const list of [
      () => client.iam.userGroups.list({ [name]: value } as never),
      () => client.iam.userGroups.members.list(GROUP, { [name]: value } as never),
    ]) {
      const call = list();
      await expect(call).rejects.toThrow(CloudflareError);
      await expect(call).rejects.toThrow(new RegExp(`^\`${name}\` must be a whole number from 1`));
    }
    expect(requests).toHaveLength(0);
  });

  it("per_page's message gives its range, as page's gives its floor", async () => {
    await expect(client.iam.userGroups.list({ per_page: 501 })).rejects.toThrow(
      "`per_page` must be a whole number from 1 to 500, got 501.",
    );
    await expect(client.iam.userGroups.list({ page: 0 })).rejects.toThrow(
      "`page` must be a whole number from 1, got 0.",
    );
  });

  it("whole numbers in range are sent, and the next page is one higher", async () => {
    requests.length = 0;
    const first = await client.iam.userGroups.list({ page: 2, per_page: 500 });
    await first.getNextPage();
    await client.iam.userGroups.members.list(GROUP, { page: 1, per_page: 1 });
    expect(requests.map((request) => new URL(request.url).search)).toEqual([
      "?page=2&per_page=500",
      "?page=3&per_page=500",
      "?page=1&per_page=1",
    ]);
  });

  it("undefined and null leave them out", async () => {
    requests.length = 0;
    await client.iam.userGroups.list({ page: undefined as never, per_page: null as never });
    expect(new URL(requests[0]?.url ?? "").search).toBe("");
  });
});
