// group-sync: make an account's user groups match a JSON config.
//
//   CLOUDFLARE_API_TOKEN=… node dist/cli.js --account <id> [--dry-run] config.json

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { UserGroupsClient } from "@cf-user-groups/client";
import { type SyncConfig, syncUserGroups } from "./sync.js";

const { values, positionals } = parseArgs({
  options: { account: { type: "string" }, "dry-run": { type: "boolean", default: false } },
  allowPositionals: true,
});
const [file] = positionals;
if (!values.account || !file) {
  console.error("Usage: group-sync --account <account id> [--dry-run] <config.json>");
  process.exit(2);
}

const config = JSON.parse(await readFile(file, "utf8")) as SyncConfig;
// Credentials come from CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL).
const client = new UserGroupsClient({ accountId: values.account });
await syncUserGroups(client, config, { accountId: values.account, dryRun: values["dry-run"] });
