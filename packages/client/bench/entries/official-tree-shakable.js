// The official SDK's tree-shakable client with only the user groups resource (members included).

import { UserGroups } from "cloudflare/resources/iam/user-groups/user-groups";
import { createClient } from "cloudflare/tree-shakable";

const client = createClient({ apiToken: "token", resources: [UserGroups] });
const groups = client.iam.userGroups;
const account_id = "023e105f4ecef8ad9ca31a8372d0c353";
const id = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";

export const calls = [
  groups.list({ account_id }),
  groups.get(id, { account_id }),
  groups.create({ account_id, name: "Auditors" }),
  groups.update(id, { account_id }),
  groups.delete(id, { account_id }),
  groups.members.list(id, { account_id }),
  groups.members.get(id, { account_id, user_group_id: id }),
  groups.members.create(id, { account_id, members: [{ id }] }),
  groups.members.update(id, { account_id, members: [] }),
  groups.members.delete(id, { account_id, user_group_id: id }),
];
