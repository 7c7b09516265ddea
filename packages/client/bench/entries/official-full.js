// The official SDK's default client, as most apps import it.
import Cloudflare from "cloudflare";

const client = new Cloudflare({ apiToken: "token" });
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
