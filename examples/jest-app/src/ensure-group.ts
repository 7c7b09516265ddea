import type { UserGroupsClient } from "@cf-user-groups/client";
import type { UserGroup } from "@cf-user-groups/types";

/** The group {@link ensureGroup} makes sure of: its account, its name and the members it must have. */
export interface GroupSpec {
  accountId: string;
  name: string;
  /** Account member ids. */
  members: string[];
}

/** What {@link ensureGroup} did: the group, whether it had to create it, and who it added. */
export interface EnsureGroupResult {
  group: UserGroup;
  created: boolean;
  added: string[];
}

/**
 * Makes sure the account has a user group called `name` with at least
 * `members` in it: creates the group when it is missing and adds the members
 * it lacks. Other members are left alone, so a second run changes nothing.
 */
export async function ensureGroup(
  client: UserGroupsClient,
  { accountId: account_id, name, members }: GroupSpec,
): Promise<EnsureGroupResult> {
  const userGroups = client.iam.userGroups;
  const [existing] = (await userGroups.list({ account_id, name, per_page: 1 })).result;
  const created = existing === undefined;
  const group = existing ?? (await userGroups.create({ account_id, name }));

  const present = new Set<string>();
  if (!created) {
    for await (const member of userGroups.members.list(group.id, { account_id, per_page: 50 })) {
      present.add(member.id);
    }
  }
  const added = [...new Set(members)].filter((id) => !present.has(id));
  if (added.length > 0) {
    await userGroups.members.create(group.id, { account_id, members: added.map((id) => ({ id })) });
  }
  return { group, created, added };
}
