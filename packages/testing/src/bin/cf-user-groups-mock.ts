#!/usr/bin/env node
// cf-user-groups-mock: the fake User Groups API as a local HTTP server.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_BODY_BYTES, type SeedData, seedDataProblem } from "../core/mock-options.js";
import { type MockServerOptions, startMockServer } from "../server/start-mock-server.js";

const USAGE = `Usage: cf-user-groups-mock [options]

Serves a stateful fake of Cloudflare's IAM User Groups API under /client/v4.

Options:
  --port <n>              port to listen on (default 8787; 0 picks a free one)
  --host <host>           interface to listen on (default 127.0.0.1)
  --seed <n>              seed for the ids the fake assigns (default 1)
  --data <file>           JSON with initial data: { "accountId", "accountMembers", "groups", "auth" }
  --allowed-hosts <list>  comma-separated host names to serve besides localhost, IP addresses and
                          --host (for containers: api-fake,.internal); "all" serves any
  --cors [origins]        send CORS headers: for any origin, or only the comma-separated origins given
  --max-body-bytes <n>    largest request body read; larger ones get 413 (default ${DEFAULT_MAX_BODY_BYTES})
  --rate-limit [r,w,b]    Cloudflare's rate limit: r requests per w seconds per credential, then 429
                          for b seconds (default 1200,300,300, the live API's), by the fake's clock
  --scramble-order        store policies' permission and resource groups in another order than
                          written, as the live API does
  --state <file>          keep the state in <file>: loaded at start if it exists, saved on exit
                          (SIGINT, SIGTERM) and on POST /__admin/state/save
  --no-admin              do not serve the control plane under /__admin/
  -h, --help              show this help

The control plane (unless --no-admin): GET /__admin/ (inspector page), /__admin/health,
POST /__admin/reset, GET|DELETE /__admin/requests, GET|PUT /__admin/state,
POST|DELETE /__admin/faults, GET|POST /__admin/clock, POST /__admin/accounts.
`;

/** Exits 2 for a mistake in the command line, with the usage. */
function fail(message: string): never {
  process.stderr.write(`cf-user-groups-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Exits 2 for a problem starting the server (a state file it cannot load, a port in use). */
function die(message: string): never {
  process.stderr.write(`cf-user-groups-mock: ${message}\n`);
  process.exit(2);
}

// `--cors` and `--rate-limit` take an optional value: bare (last, or before another option) means the default.
const argv = process.argv.slice(2).flatMap((arg, index, all) => {
  const next = all[index + 1];
  const bare = next === undefined || next.startsWith("-");
  if (arg === "--cors" && bare) return ["--cors=*"];
  if (arg === "--rate-limit" && bare) return ["--rate-limit=default"];
  return [arg];
});

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      data: { type: "string" },
      "allowed-hosts": { type: "string" },
      cors: { type: "string" },
      "max-body-bytes": { type: "string" },
      "rate-limit": { type: "string" },
      "scramble-order": { type: "boolean", default: false },
      state: { type: "string" },
      "no-admin": { type: "boolean", default: false },
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
if (!Number.isSafeInteger(seed)) fail(`--seed must be a whole number, got "${values.seed}".`);
const maxBodyBytes = values["max-body-bytes"] === undefined ? undefined : Number(values["max-body-bytes"]);
if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0))
  fail(`--max-body-bytes must be a whole number above 0, got "${values["max-body-bytes"]}".`);
const list = (value: string) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
const allowedHosts =
  values["allowed-hosts"] === undefined
    ? undefined
    : values["allowed-hosts"] === "all"
      ? true
      : list(values["allowed-hosts"]);
const cors = values.cors === undefined ? undefined : values.cors === "*" ? true : list(values.cors);
let rateLimit: MockServerOptions["rateLimit"];
if (values["rate-limit"] === "default") rateLimit = true;
else if (values["rate-limit"] !== undefined) {
  const numbers = values["rate-limit"].split(",").map((part) => Number(part.trim()));
  const [requests, windowSeconds, blockSeconds] = numbers;
  if (numbers.length > 3 || !numbers.every((number) => Number.isSafeInteger(number) && number > 0)) {
    fail(
      `--rate-limit takes up to three whole numbers above 0: requests,windowSeconds,blockSeconds; got "${values["rate-limit"]}".`,
    );
  }
  rateLimit = {
    ...(requests === undefined ? {} : { requests }),
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
    ...(blockSeconds === undefined ? {} : { blockSeconds }),
  };
}

let data: SeedData = {};
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
  const problem = seedDataProblem(data);
  if (problem) fail(`--data ${values.data}: ${problem}.`);
}

let server: Awaited<ReturnType<typeof startMockServer>>;
try {
  const options: MockServerOptions = {
    ...data,
    port,
    host: values.host,
    seed,
    requestLogLimit: 1_000,
    ...(allowedHosts === undefined ? {} : { allowedHosts }),
    ...(cors === undefined ? {} : { cors }),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    ...(values.state === undefined ? {} : { stateFile: values.state }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(values["scramble-order"] ? { scrambleOrder: true } : {}),
    admin: !values["no-admin"],
  };
  server = await startMockServer(options);
} catch (error) {
  die(error instanceof Error ? error.message : String(error));
}

// Ready for signals before saying it listens: whoever reads the banner may stop it at once.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `cf-user-groups-mock: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  });
}

const account = server.mock.accountId;
process.stdout.write(`Fake Cloudflare User Groups API listening.

  Base URL: ${server.baseURL}
  Account:  ${account}
${values["no-admin"] ? "" : `  Control:  ${server.url}/__admin/ (inspector page; reset, faults, log, state, clock)\n`}${
  values.state === undefined ? "" : `  State:    ${values.state} (saved on exit)\n`
}
Try it:
  curl -H "Authorization: Bearer test-token" ${server.baseURL}/accounts/${account}/iam/user_groups

Press Ctrl+C to stop.
`);
