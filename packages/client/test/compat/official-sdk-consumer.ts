// Application code written against the official `cloudflare` SDK, the way its
// README shows. official-sdk.test.ts runs it as it is, then again with the
// constructor swapped for UserGroupsClient, and checks both type-check and
// produce the same results. Do not adapt it to our client.
import Cloudflare from "cloudflare";

export async function manageAuditors(options: { baseURL: string; accountId: string; memberIds: string[] }) {
  const client = new Cloudflare({
    apiToken: "compat-token-0123456789",
    baseURL: options.baseURL,
    maxRetries: 0,
  });
  const account_id = options.accountId;
  const [first = "", second = ""] = options.memberIds;

  const created = await client.iam.userGroups.create({
    account_id,
    name: "Auditors",
    policies: [
      {
        access: "allow",
        permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
        resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
      },
    ],
  });
  const renamed = await client.iam.userGroups.update(created.id, { account_id, name: "Read-only auditors" });
  const fetched = await client.iam.userGroups.get(created.id, { account_id });

  const names: string[] = [];
  for await (const group of client.iam.userGroups.list({ account_id, per_page: 2 })) names.push(group.name);
  const firstPage = await client.iam.userGroups.list({ account_id, fuzzyName: "audit", direction: "desc" });

  const added = await client.iam.userGroups.members.create(created.id, {
    account_id,
    members: [{ id: first }, { id: second }],
  });
  const emails: string[] = [];
  for await (const member of client.iam.userGroups.members.list(created.id, { account_id, per_page: 1 })) {
    emails.push(member.email ?? "");
  }
  const replaced = await client.iam.userGroups.members.update(created.id, {
    account_id,
    members: [{ id: first }],
  });
  const detail = await client.iam.userGroups.members.get(first, { account_id, user_group_id: created.id });
  const removed = await client.iam.userGroups.members.delete(first, {
    account_id,
    user_group_id: created.id,
  });

  const { data, response } = await client.iam.userGroups.get(created.id, { account_id }).withResponse();

  let missing = "found";
  try {
    await client.iam.userGroups.get("ffffffffffffffffffffffffffffffff", { account_id });
  } catch (error) {
    if (error instanceof Cloudflare.NotFoundError) missing = `not found (${error.status})`;
    else if (error instanceof Cloudflare.APIError) missing = `api error ${error.status}`;
    else throw error;
  }

  const deleted = await client.iam.userGroups.delete(created.id, { account_id });

  return {
    created: created.name,
    renamed: renamed.name,
    fetched: fetched.policies?.length,
    names,
    firstPage: firstPage.result.map((group) => group.id),
    added: added.result.map((member) => member.id),
    emails,
    replaced: replaced.result.length,
    detail: detail.user?.first_name,
    removed: removed.email,
    withResponse: [data.name, response.status],
    missing,
    deleted: deleted?.id,
  };
}
