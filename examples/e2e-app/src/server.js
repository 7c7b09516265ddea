#!/usr/bin/env node
// Starts the app: `node src/server.js`. Configured from the environment:
//   CLOUDFLARE_API_TOKEN  the token the server calls Cloudflare with (required)
//   CLOUDFLARE_BASE_URL   where the API lives (default Cloudflare's; the tests point it at the fake)
//   HOST, PORT            where to listen (default 127.0.0.1:3000; PORT=0 picks a free port)
// It prints `Listening on <url>` once it accepts connections.

import { createServer } from "node:http";
import { UserGroupsClient } from "@cf-user-groups/client";
import { createApp } from "./app.js";

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}".`);
  process.exit(2);
}
if (!process.env.CLOUDFLARE_API_TOKEN) {
  console.error("Set CLOUDFLARE_API_TOKEN to an API token that can read and edit user groups.");
  process.exit(2);
}

const client = new UserGroupsClient({
  apiToken: process.env.CLOUDFLARE_API_TOKEN,
  baseURL: process.env.CLOUDFLARE_BASE_URL || null,
  // A person is waiting for the page: one retry and ten seconds per attempt,
  // rather than the client's patient defaults (two retries, a minute each).
  maxRetries: 1,
  timeout: 10_000,
});

const server = createServer(createApp(client));
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`Listening on http://${host.includes(":") ? `[${host}]` : host}:${actual}`);
});

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections from a browser would hold close() open.
    server.closeAllConnections();
  });
}
