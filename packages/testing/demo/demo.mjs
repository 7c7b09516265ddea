#!/usr/bin/env node
// `pnpm demo`: the typed client against the fake, in-process, one step at a time.

import { UserGroupsClient } from "@cf-user-groups/client";
import { createUserGroupsMock, defaultAccountMembers } from "@cf-user-groups/testing";

const mock = createUserGroupsMock({
  validateResponses: true,
  groups: [{ name: "Billing" }, { name: "Zone admins" }, { name: "Support" }],
});
const client = new UserGroupsClient({ apiToken: "demo-token", accountId: mock.accountId, fetch: mock.fetch });
const userGroups = client.iam.userGroups;
const [user, alice, bob, carol] = defaultAccountMembers;

let number = 0;
const step = (title) => console.log(`\n${++number}. ${title}`);
const show = (label, value) => console.log(`   ${label}: ${value}`);

console.log("Cloudflare IAM User Groups: @cf-user-groups/client against @cf-user-groups/testing's fake");
show("account", mock.accountId);

step("Create a user group with a policy");
const group = await userGroups.create({
  name: "Auditors",
  policies: [
    {
      access: "allow",
      permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
      resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
    },
  ],
});
show("created", `${group.name} (${group.id})`);
show(
  "policy",
  `${group.policies[0].access} ${group.policies[0].permission_groups.length} permission group(s) on ${group.policies[0].resource_groups.length} resource group(s)`,
);

step("Add three members");
const added = await userGroups.members.create(group.id, {
  members: [{ id: alice.id }, { id: bob.id }, { id: carol.id }],
});
for (const member of added.result) show("added", `${member.email} (${member.status})`);

step("Page through the account's groups, two at a time");
const first = await userGroups.list({ per_page: 2 });
show("total", `${first.result_info.total_count} groups`);
for await (const page of first.iterPages()) {
  show(`page ${page.result_info.page}`, page.result.map((each) => each.name).join(", "));
}

step("Replace the members with exactly two");
const replaced = await userGroups.members.update(group.id, { members: [{ id: alice.id }, { id: user.id }] });
show("members now", replaced.result.map((member) => member.email).join(", "));

step("Remove one member");
const removed = await userGroups.members.delete(user.id, { user_group_id: group.id });
show("removed", removed.email);
const remaining = [];
for await (const member of userGroups.members.list(group.id)) remaining.push(member.email);
show("members now", remaining.join(", "));

step("Rename the group");
const renamed = await userGroups.update(group.id, { name: "Read-only auditors" });
show("renamed", `${group.name} → ${renamed.name}`);

step("Try adding someone who is not in the account");
await userGroups.members
  .create(group.id, { members: [{ id: "ffffffffffffffffffffffffffffffff" }] })
  .catch((error) => show(`refused (${error.name})`, error.message));

step("Delete the group");
const deleted = await userGroups.delete(group.id);
show("deleted", deleted.id);
show("groups left", (await userGroups.list()).result.map((each) => each.name).join(", "));

console.log(`\nThe fake answered ${mock.requests.length} requests, every response checked against the spec:`);
for (const request of mock.requests)
  console.log(`   ${String(request.status).padEnd(4)}${request.method.padEnd(7)}${request.operationId}`);
