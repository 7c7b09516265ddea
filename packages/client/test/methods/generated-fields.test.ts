// Fields the spec gained come through the client without client code: its
// types are generated from the spec (`result_info.total_pages`, optional, and
// a group's `status`), and results are the API's JSON as sent.

import type { ResultInfo, UserGroup } from "@cf-user-groups/types";
import { describe, expect, expectTypeOf, it } from "vitest";
import { UserGroupsClient } from "../../src/index.js";
import { ACCOUNT, GROUP, group, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

describe("fields from the spec", () => {
  it("result_info.total_pages and a group's status are typed and reach the caller", async () => {
    const { fetch } = scriptedFetch(() =>
      Response.json(
        ok([{ ...group(), status: "V" }], {
          result_info: { count: 1, page: 1, per_page: 1, total_count: 3, total_pages: 3 },
        }),
      ),
    );
    const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });
    const page = await client.iam.userGroups.list({ per_page: 1 });
    expectTypeOf(page.result_info.total_pages).toEqualTypeOf<number | undefined>();
    expectTypeOf(page.result[0]?.status).toEqualTypeOf<string | undefined>();
    expect(page.result_info.total_pages).toBe(3);
    expect(page.result[0]?.status).toBe("V");
    const single = await client.iam.userGroups.get(GROUP);
    expectTypeOf(single).toEqualTypeOf<UserGroup>();
  });

  it("total_pages is optional, as not every source lists it", () => {
    expectTypeOf<ResultInfo>().toHaveProperty("total_pages");
    expectTypeOf<{
      count: number;
      page: number;
      per_page: number;
      total_count: number;
    }>().toExtend<ResultInfo>();
  });
});
