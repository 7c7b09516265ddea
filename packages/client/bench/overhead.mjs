#!/usr/bin/env node
// Per-request overhead: sequential GETs of one user group from a local
// node:http server (127.0.0.1) that answers a fixed envelope, through raw
// fetch, bare openapi-fetch, our client (as called by default, and with a
// signal of the caller's, which makes fetch abortable and costs Node's fetch
// about a tenth of a request) and the official SDK. They take turns request by
// request, so drift in the machine's speed hits all alike; medians are
// printed with their ratio to raw fetch's median.
//
// Usage: node bench/overhead.mjs [requests per client, default 3000]

import { createServer } from "node:http";
import { UserGroupsClient } from "@cf-user-groups/client";
import Cloudflare from "cloudflare";
import createClient from "openapi-fetch";

const REQUESTS = Number(process.argv[2] ?? 3000);
const WARMUP = 300;
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const GROUP = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
const TOKEN = "bench-token-0123456789";

// The API description's example envelope for getting a user group.
const body = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: {
    id: GROUP,
    created_on: "2024-03-01T12:21:02.0000Z",
    modified_on: "2024-03-01T12:21:02.0000Z",
    name: "My New User Group",
    policies: [
      {
        id: "f267e341f3dd4697bd3b9f71dd96247f",
        access: "allow",
        permission_groups: [
          { id: "c8fed203ed3043cba015a93ad1616f1f", meta: { key: "key", value: "value" }, name: "Zone Read" },
          {
            id: "82e64a83756745bbbb1c9c2701bf816b",
            meta: { key: "key", value: "value" },
            name: "Magic Network Monitoring",
          },
        ],
        resource_groups: [
          {
            id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
            scope: [
              {
                key: "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4",
                objects: [{ key: "com.cloudflare.api.account.zone.23f8d65290b24279ba6f44721b3eaad5" }],
              },
            ],
            meta: { key: "key", value: "value" },
            name: "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4",
          },
        ],
      },
    ],
  },
});
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseURL = `http://127.0.0.1:${server.address().port}/client/v4`;
const url = `${baseURL}/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`;

const bare = createClient({ baseUrl: baseURL, headers: { Authorization: `Bearer ${TOKEN}` } });
const ours = new UserGroupsClient({ apiToken: TOKEN, baseURL, accountId: ACCOUNT });
const official = new Cloudflare({ apiToken: TOKEN, baseURL });
const path = { account_id: ACCOUNT, user_group_id: GROUP };
const never = new AbortController().signal;

const clients = {
  "raw fetch": async () =>
    (
      await (
        await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, accept: "application/json" } })
      ).json()
    ).result,
  "openapi-fetch": async () =>
    (await bare.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", { params: { path } })).data
      .result,
  "@cf-user-groups/client": () => ours.iam.userGroups.get(GROUP),
  "  … with a signal": () => ours.iam.userGroups.get(GROUP, {}, { signal: never }),
  "cloudflare (official)": () => official.iam.userGroups.get(GROUP, { account_id: ACCOUNT }),
};

const names = Object.keys(clients);
for (const name of names) {
  const result = await clients[name]();
  if (result?.id !== GROUP) throw new Error(`${name} did not return the group`);
}
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < WARMUP + REQUESTS; round++) {
  for (const name of names) {
    const started = performance.now();
    await clients[name]();
    if (round >= WARMUP) samples[name].push(performance.now() - started);
  }
}
server.close();

const quantile = (values, q) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) * q)];
const baseline = quantile(samples["raw fetch"], 0.5);
console.log(
  `\nPer-request time, ${REQUESTS} sequential GETs each to 127.0.0.1 (after ${WARMUP} warm-up rounds)\n`,
);
console.log(`${"".padEnd(26)}${"median".padStart(11)}${"p90".padStart(11)}${"× raw fetch".padStart(13)}`);
for (const name of names) {
  const median = quantile(samples[name], 0.5);
  const p90 = quantile(samples[name], 0.9);
  console.log(
    `${name.padEnd(26)}${`${(median * 1000).toFixed(1)} µs`.padStart(11)}${`${(p90 * 1000).toFixed(1)} µs`.padStart(11)}${(median / baseline).toFixed(3).padStart(13)}`,
  );
}
