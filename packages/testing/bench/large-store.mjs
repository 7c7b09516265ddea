#!/usr/bin/env node
// A large account: memory the store holds for 100,000 user groups, and the
// median time of a filtered list (fuzzyName, per_page 50) over them, through
// mock.fetch. Run with --expose-gc for a steadier memory figure.

import { createUserGroupsMock } from "@cf-user-groups/testing";

const GROUPS = 100_000;
const RUNS = 200;
const gc = globalThis.gc ?? (() => {});

/** Built in a function of its own, so the seed array is garbage once the mock holds the data. */
function createLargeMock() {
  return createUserGroupsMock({
    groups: Array.from({ length: GROUPS }, (_, i) => ({
      name: `${["Billing", "Auditors", "Zone admins", "Support", "Security"][i % 5]} ${i}`,
      policies: [
        {
          access: "allow",
          permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
          resource_groups: [
            {
              id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
              scope: {
                key: "com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353",
                objects: [{ key: "*" }],
              },
            },
          ],
        },
      ],
    })),
  });
}

gc();
const before = process.memoryUsage().heapUsed;
const mock = createLargeMock();
gc();
const held = (process.memoryUsage().heapUsed - before) / 1024 / 1024;

const url = `https://api.cloudflare.com/client/v4/accounts/${mock.accountId}/iam/user_groups?fuzzyName=audit&per_page=50&page=3`;
const headers = { authorization: "Bearer bench-token" };
const times = [];
let total = 0;
for (let run = 0; run < RUNS + 20; run++) {
  const started = performance.now();
  const body = await (await mock.fetch(url, { headers })).json();
  if (run >= 20) times.push(performance.now() - started);
  total = body.result_info.total_count;
  if (run === 0) mock.reset(); // the first request sorts the groups once; later ones reuse the order
}
times.sort((a, b) => a - b);

console.log(`\n${GROUPS.toLocaleString("en-US")} user groups, each with one policy\n`);
console.log(`  memory held by the store     ${held.toFixed(1)} MB   (target ≤ 100 MB)`);
console.log(
  `  filtered list, median        ${times[RUNS >> 1].toFixed(2)} ms   (fuzzyName=audit: ${total.toLocaleString("en-US")} matches, per_page 50, page 3; ${RUNS} runs)`,
);
console.log(`  filtered list, p90           ${times[Math.floor(RUNS * 0.9)].toFixed(2)} ms`);
