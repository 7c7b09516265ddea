// The node:test example from the README, run with Node's own test runner
// against the built package, as a user of node:test would run it.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("fixtures/node-test.mjs", import.meta.url));

describe("with node:test", () => {
  // A Node process of its own: generous for a busy 2-core machine.
  it("the README's example passes under `node --test`", { timeout: 120_000 }, async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ["--test", "--test-reporter=tap", fixture], (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(stdout).toMatch(/# pass 4\n/);
    expect(stdout).toMatch(/# fail 0\n/);
    expect(code).toBe(0);
  });
});
