// The page's entry point. It starts MSW's service worker with the fake's
// handlers before the app makes any request, so every call to
// api.cloudflare.com is answered in the browser. A real app would do this
// only in development and tests.

import { UserGroupsClient } from "@cf-user-groups/client";
import {
  createUserGroupsMock,
  defaultAccountMembers,
  failOnUnhandledRequests,
} from "@cf-user-groups/testing";
import { setupWorker } from "msw/browser";
import { createTeam, renderTeams } from "./team-page.js";

const [first, second, third] = defaultAccountMembers.map((member) => member.id);

async function main() {
  const mock = createUserGroupsMock({
    validateResponses: true,
    groups: [{ name: "Billing", members: [third as string] }],
  });
  const worker = setupWorker(...mock.handlers);
  await worker.start({
    ...failOnUnhandledRequests,
    quiet: true,
    serviceWorker: { url: "./mockServiceWorker.js" },
  });

  const client = new UserGroupsClient({ apiToken: "browser-example-token", accountId: mock.accountId });
  const teams = await createTeam(client, {
    name: "Auditors",
    memberIds: [first as string, second as string],
  });
  renderTeams(document.querySelector("#teams") as HTMLElement, teams);
  document.body.dataset.requests = String(mock.requests.length);
  document.body.dataset.state = "done";
}

main().catch((error: unknown) => {
  (document.querySelector("#status") as HTMLElement).textContent = String(error);
  document.body.dataset.state = "failed";
});
