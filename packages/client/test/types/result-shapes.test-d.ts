// What the methods resolve to, against the generated schemas rather than the
// named aliases the source itself uses: an alias that became `any` (or named
// the wrong schema) would match itself, but not these.

import type { components } from "@cf-user-groups/types";
import { describe, expectTypeOf, it } from "vitest";
import { type APIError, UserGroupsClient } from "../../src/index.js";

type Schemas = components["schemas"];

const account_id = "023e105f4ecef8ad9ca31a8372d0c353";
const id = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
const groups = new UserGroupsClient({ apiToken: "t" }).iam.userGroups;

describe("results are the spec's schemas", () => {
  it("user group methods", async () => {
    expectTypeOf(await groups.get(id, { account_id })).toEqualTypeOf<Schemas["UserGroup"]>();
    expectTypeOf(await groups.create({ account_id, name: "x" })).toEqualTypeOf<Schemas["UserGroup"]>();
    expectTypeOf(await groups.update(id, { account_id })).toEqualTypeOf<Schemas["UserGroup"]>();
    expectTypeOf(await groups.delete(id, { account_id })).toEqualTypeOf<Schemas["DeletedUserGroup"]>();
    const { data } = await groups.get(id, { account_id }).withResponse();
    expectTypeOf(data).toEqualTypeOf<Schemas["UserGroup"]>();
  });

  it("member methods", async () => {
    const member = await groups.members.get(id, { account_id, user_group_id: id });
    expectTypeOf(member).toEqualTypeOf<Schemas["MemberDetail"]>();
    const removed = await groups.members.delete(id, { account_id, user_group_id: id });
    expectTypeOf(removed).toEqualTypeOf<Schemas["Member"]>();
    const added = await groups.members.create(id, { account_id, members: [{ id }] });
    expectTypeOf(added.result).toEqualTypeOf<Schemas["Member"][]>();
    const replaced = await groups.members.update(id, { account_id, members: [] });
    expectTypeOf(replaced.result).toEqualTypeOf<Schemas["Member"][]>();
  });

  it("lists", async () => {
    const page = await groups.list({ account_id });
    expectTypeOf(page.result).toEqualTypeOf<Schemas["UserGroup"][]>();
    expectTypeOf(page.result_info).toEqualTypeOf<Schemas["ResultInfo"]>();
    for await (const group of groups.list({ account_id }))
      expectTypeOf(group).toEqualTypeOf<Schemas["UserGroup"]>();
    const members = await groups.members.list(id, { account_id });
    expectTypeOf(members.result).toEqualTypeOf<Schemas["Member"][]>();
    for await (const member of groups.members.list(id, { account_id }))
      expectTypeOf(member).toEqualTypeOf<Schemas["Member"]>();
  });

  it("error entries", () => {
    expectTypeOf<APIError["errors"]>().toEqualTypeOf<Schemas["ResponseMessage"][]>();
    expectTypeOf<APIError["messages"]>().toEqualTypeOf<Schemas["ResponseMessage"][]>();
  });
});
