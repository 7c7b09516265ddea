// What an app bundles when it uses every method of @cf-user-groups/client.
// Measured by size-limit (pnpm check, budget in .size-limit.json) and bench/bundle-size.mjs.
import { UserGroupsClient } from "@cf-user-groups/client";

const client = new UserGroupsClient({ apiToken: "token", accountId: "023e105f4ecef8ad9ca31a8372d0c353" });
const groups = client.iam.userGroups;
const id = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";

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
];
