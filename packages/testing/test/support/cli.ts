import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built command, as users run it; `pnpm test` builds the package first. */
export const CLI = fileURLToPath(new URL("../../dist/bin/cf-user-groups-mock.js", import.meta.url));

/** A started `cf-user-groups-mock`, with what it printed. */
export interface RunningCli {
  child: ChildProcess;
  /** The origin it listens on. */
  url: string;
  /** Resolves to the exit code once it exits. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/**
 * Starts the command with `args` (add `--port 0`) and resolves once it
 * listens, or rejects with its output if it exits first. No deadline of its
 * own: the test's timeout bounds it, sized for a busy machine.
 */
export function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  // "close", not "exit": only then has all of stdout and stderr been read.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = /Base URL: (http:\/\/[^/\s]+)\/client\/v4/.exec(stdout)?.[1];
      if (url && stdout.includes("Press Ctrl+C")) {
        child.stdout?.off("data", check);
        resolve({ child, url, exited, stdout: () => stdout, stderr: () => stderr });
      }
    };
    child.stdout?.on("data", check);
    exited.then((code) =>
      reject(new Error(`cf-user-groups-mock exited with ${code} before listening:\n${stdout}${stderr}`)),
    );
  });
}

/** Runs the command to completion: its exit code and output (for commands that fail to start). */
export async function runCliToExit(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  // "close", not "exit": only then has all of stdout and stderr been read.
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

/** Sends SIGTERM and resolves to the exit code. */
export async function stopCli(cli: RunningCli): Promise<number | null> {
  cli.child.kill("SIGTERM");
  return cli.exited;
}
