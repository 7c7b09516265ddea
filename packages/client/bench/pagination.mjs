#!/usr/bin/env node
// Requests needed to iterate every member of a group with `for await`, from a
// local node:http server (127.0.0.1) that pages 10,000 members like
// Cloudflare, with our client and with the official SDK, in the same run.

import { createServer } from "node:http";
import { UserGroupsClient } from "@cf-user-groups/client";
import Cloudflare from "cloudflare";

const MEMBERS = 10_000;
const PER_PAGE = 500;
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const GROUP = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
const members = Array.from({ length: MEMBERS }, (_, i) => ({
  id: i.toString(16).padStart(32, "0"),
  email: `user${i}@example.com`,
  status: "accepted",
}));

let requests = 0;
const server = createServer((request, response) => {
  requests++;
  const url = new URL(request.url, "http://127.0.0.1");
  const page = Number(url.searchParams.get("page") ?? 1);
  const perPage = Number(url.searchParams.get("per_page") ?? 100);
  const result = members.slice((page - 1) * perPage, page * perPage);
  const body = JSON.stringify({
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: { count: result.length, page, per_page: perPage, total_count: MEMBERS },
  });
  response.writeHead(200, { "content-type": "application/json" }).end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseURL = `http://127.0.0.1:${server.address().port}/client/v4`;

async function count(name, iterate) {
  requests = 0;
  let items = 0;
  const started = performance.now();
  for await (const _ of iterate()) items++;
  return { name, items, requests, ms: performance.now() - started };
}

const ours = new UserGroupsClient({ apiToken: "bench-token", baseURL, accountId: ACCOUNT });
const official = new Cloudflare({ apiToken: "bench-token", baseURL });
// Each runs once first, unmeasured, so module loading and JIT warm-up are not counted.
await count("warm-up", () => ours.iam.userGroups.members.list(GROUP, { per_page: PER_PAGE }));
await count("warm-up", () =>
  official.iam.userGroups.members.list(GROUP, { account_id: ACCOUNT, per_page: PER_PAGE }),
);
const rows = [
  await count("@cf-user-groups/client", () =>
    ours.iam.userGroups.members.list(GROUP, { per_page: PER_PAGE }),
  ),
  await count("cloudflare (official)", () =>
    official.iam.userGroups.members.list(GROUP, { account_id: ACCOUNT, per_page: PER_PAGE }),
  ),
];
server.close();

console.log(
  `\nIterating ${MEMBERS.toLocaleString("en-US")} members at per_page ${PER_PAGE} (minimum: ${Math.ceil(MEMBERS / PER_PAGE)} requests)\n`,
);
console.log(`${"".padEnd(26)}${"items".padStart(8)}${"requests".padStart(10)}${"time".padStart(10)}`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(26)}${String(row.items).padStart(8)}${String(row.requests).padStart(10)}${`${row.ms.toFixed(0)} ms`.padStart(10)}`,
  );
}
