#!/usr/bin/env node
// Requests per second through the fake, with 10,000 groups in the store:
// through mock.fetch, and through MSW's setupServer with mock.handlers, with
// response validation off and on; against a bare MSW handler that returns a
// static body of the same size, measured in the same run. Variants take turns
// in blocks, so drift in the machine's speed hits all alike.
//
// Usage: node bench/throughput.mjs [requests per block, default 1000] [rounds, default 5]

import { createUserGroupsMock } from "@cf-user-groups/testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";

const PER_BLOCK = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);
const GROUPS = 10_000;
const policy = {
  access: "allow",
  permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f", name: "Zone Read" }],
  resource_groups: [
    {
      id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
      scope: { key: "com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353", objects: [{ key: "*" }] },
    },
  ],
};
const seed = Array.from({ length: GROUPS }, (_, i) => ({
  name: `Group ${String(i).padStart(5, "0")}`,
  policies: [policy],
}));
const plain = createUserGroupsMock({ groups: seed });
const validating = createUserGroupsMock({ groups: seed, validateResponses: true });
const ids = plain.store.listUserGroups().map((group) => group.id);
const base = `https://api.cloudflare.com/client/v4/accounts/${plain.accountId}/iam/user_groups`;
const headers = { authorization: "Bearer bench-token" };

// The bare handler answers with the body the fake would send for a group.
const sample = await (await plain.fetch(`${base}/${ids[0]}`, { headers })).text();
const bare = setupServer(
  http.get(
    "*/accounts/:account_id/iam/user_groups/:id",
    () => new HttpResponse(sample, { headers: { "content-type": "application/json" } }),
  ),
);

const get = (fetcher, i) =>
  fetcher(`${base}/${ids[i % GROUPS]}`, { headers }).then((response) => response.json());
const variants = [
  ["bare MSW handler, static body", { server: bare }],
  ["fake via MSW, validation off", { server: setupServer(...plain.handlers), mock: plain }],
  ["fake via MSW, validation on", { server: setupServer(...validating.handlers), mock: validating }],
  ["mock.fetch, validation off", { fetcher: plain.fetch, mock: plain }],
  ["mock.fetch, validation on", { fetcher: validating.fetch, mock: validating }],
];
const times = Object.fromEntries(variants.map(([name]) => [name, []]));

for (let round = 0; round < ROUNDS; round++) {
  for (const [name, variant] of variants) {
    variant.server?.listen({ onUnhandledRequest: "error" });
    const fetcher = variant.fetcher ?? ((...args) => fetch(...args));
    for (let i = 0; i < 100; i++) await get(fetcher, i); // warm-up
    variant.mock?.reset();
    const started = performance.now();
    for (let i = 0; i < PER_BLOCK; i++) await get(fetcher, i);
    times[name].push((performance.now() - started) / PER_BLOCK);
    variant.mock?.reset();
    variant.server?.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = median(times[variants[0][0]]);
console.log(
  `\nGET a user group, ${GROUPS.toLocaleString("en-US")} groups stored; ${ROUNDS} rounds of ${PER_BLOCK} requests per variant (median round)\n`,
);
console.log(
  `${"".padEnd(34)}${"per request".padStart(13)}${"requests/s".padStart(12)}${"× bare MSW".padStart(12)}`,
);
for (const [name] of variants) {
  const perRequest = median(times[name]);
  console.log(
    `${name.padEnd(34)}${`${(perRequest * 1000).toFixed(1)} µs`.padStart(13)}${Math.round(1000 / perRequest)
      .toLocaleString("en-US")
      .padStart(12)}${(perRequest / baseline).toFixed(2).padStart(12)}`,
  );
}
console.log("\nTargets: ≤ 1.50× the bare handler with validation off, ≤ 2.50× with it on (via MSW).");
