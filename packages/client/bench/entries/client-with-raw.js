// An app that also uses rawClient (@cf-user-groups/client/raw), which brings openapi-fetch.
// Measured by size-limit (pnpm check) and bench/bundle-size.mjs.
import { UserGroupsClient } from "@cf-user-groups/client";
import { rawClient } from "@cf-user-groups/client/raw";

const client = new UserGroupsClient({ apiToken: "token", accountId: "023e105f4ecef8ad9ca31a8372d0c353" });
const groups = client.iam.userGroups;
const raw = rawClient(client);
const id = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
const path = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", user_group_id: id };

export const calls = [
  groups.list({ fuzzyName: "audit" }),
  groups.get(id),
  groups.create({ name: "Auditors" }),
  groups.update(id, { name: "Renamed" }),
  groups.delete(id),
  groups.members.list(id),
  groups.members.get(id, { user_group_id: id }),
  groups.members.create(id, { members: [{ id }] }),
  groups.members.update(id, { members: [] }),
  groups.members.delete(id, { user_group_id: id }),
  raw.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", { params: { path } }),
];
