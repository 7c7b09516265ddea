#!/usr/bin/env node
// cf-user-groups-mock: the fake User Groups API as a local HTTP server.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type MockServerOptions, startMockServer } from "../server/start-mock-server.js";

const USAGE = `Usage: cf-user-groups-mock [options]

Serves a stateful fake of Cloudflare's IAM User Groups API under /client/v4.

Options:
  --port <n>      port to listen on (default 8787; 0 picks a free one)
  --host <host>   interface to listen on (default 127.0.0.1)
  --seed <n>      seed for the ids the fake assigns (default 1)
  --data <file>   JSON with initial data: { "accountId", "accountMembers", "groups", "auth" }
  -h, --help      show this help
`;

function fail(message: string): never {
  process.stderr.write(`cf-user-groups-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      data: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  args = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = args;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a whole number from 0 to 65535, got "${values.port}".`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number, got "${values.seed}".`);

let data: Pick<MockServerOptions, "accountId" | "accountMembers" | "groups" | "auth"> = {};
if (values.data !== undefined) {
  let text: string;
  try {
    text = await readFile(values.data, "utf8");
  } catch (error) {
    fail(`cannot read --data ${values.data}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(
      `--data ${values.data} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    fail(`--data ${values.data} must hold a JSON object with accountId, accountMembers, groups or auth.`);
  }
  const unknown = Object.keys(data).filter(
    (key) => !["accountId", "accountMembers", "groups", "auth"].includes(key),
  );
  if (unknown.length > 0) fail(`--data ${values.data} has unknown keys: ${unknown.join(", ")}.`);
}

let server: Awaited<ReturnType<typeof startMockServer>>;
try {
  server = await startMockServer({ ...data, port, host: values.host, seed, requestLogLimit: 1_000 });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const account = server.mock.accountId;
process.stdout.write(`Fake Cloudflare User Groups API listening.

  Base URL: ${server.baseURL}
  Account:  ${account}

Try it:
  curl -H "Authorization: Bearer test-token" ${server.baseURL}/accounts/${account}/iam/user_groups

Press Ctrl+C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
