#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { main } from "./main.js";

// Ctrl+C: no new scenario request goes out, and the groups created so far are
// deleted before exiting. A second Ctrl+C ends the process at once.
const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort());
process.once("SIGTERM", () => interrupt.abort());

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  packageDir: fileURLToPath(new URL("..", import.meta.url)),
  signal: interrupt.signal,
});
