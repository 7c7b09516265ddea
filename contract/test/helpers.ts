import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type MainIo, main } from "../src/main.js";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A temporary folder, removed after the test. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "cf-contract-test-"));
  folders.push(folder);
  return folder;
}

/** Runs the CLI in this process with captured output; `env` is all it sees. */
export async function runMain(argv: string[], io: Partial<MainIo> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv,
    env: {},
    packageDir: await temporaryFolder(),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    ...io,
  });
  return { code, stdout, stderr };
}
