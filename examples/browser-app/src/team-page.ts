import type { UserGroupsClient } from "@cf-user-groups/client";
import type { Member, UserGroup } from "@cf-user-groups/types";

/** A client that knows its account, so calls need no `account_id`. */
export type AccountClient = UserGroupsClient<{ apiToken: string; accountId: string }>;

/** A group and everyone in it, as the page shows them. */
export interface Team {
  group: UserGroup;
  members: Member[];
}

/**
 * The page's flow: create a group, add members to it, then read back every
 * group with its members, following pagination.
 *
 * @example
 * ```ts
 * const teams = await createTeam(client, { name: "Auditors", memberIds: [aliceId, bobId] });
 * ```
 */
export async function createTeam(
  client: AccountClient,
  input: { name: string; memberIds: string[] },
): Promise<Team[]> {
  const groups = client.iam.userGroups;
  const created = await groups.create({ name: input.name });
  await groups.members.create(created.id, { members: input.memberIds.map((id) => ({ id })) });
  const teams: Team[] = [];
  for await (const group of groups.list()) {
    const members: Member[] = [];
    for await (const member of groups.members.list(group.id)) members.push(member);
    teams.push({ group, members });
  }
  return teams;
}

/**
 * Renders teams as a list. Names come from users, so they are set as text,
 * never parsed as HTML.
 *
 * @example
 * ```ts
 * renderTeams(document.querySelector("#teams")!, teams);
 * ```
 */
export function renderTeams(root: HTMLElement, teams: Team[]): void {
  const list = document.createElement("ul");
  for (const { group, members } of teams) {
    const item = document.createElement("li");
    item.dataset.group = group.id;
    const name = document.createElement("h2");
    name.textContent = group.name;
    const people = document.createElement("ul");
    for (const member of members) {
      const person = document.createElement("li");
      person.dataset.member = member.id;
      person.textContent = member.email ?? member.id;
      people.append(person);
    }
    item.append(name, people);
    list.append(item);
  }
  root.replaceChildren(list);
}
