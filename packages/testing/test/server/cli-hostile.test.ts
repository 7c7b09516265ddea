// The cf-user-groups-mock command, as users run it, against clients that
// mean harm: it must keep serving, and its memory must not follow what is
// sent to it.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete, head, rawRequest } from "../support/raw-http.js";

// Generous: the command starts a Node process, and CI machines are busy.
const STARTUP_TIMEOUT = 120_000;
const bin = fileURLToPath(new URL("../../dist/bin/cf-user-groups-mock.js", import.meta.url));
let cli: ChildProcess;
let port: number;
let account: string;
let exited: number | null | undefined;

beforeAll(async () => {
  cli = spawn(process.execPath, [bin, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  cli.on("exit", (code) => {
    exited = code;
  });
  let printed = "";
  await new Promise<void>((resolve, reject) => {
    cli.stdout?.on("data", (chunk) => {
      printed += chunk;
      if (/Press Ctrl\+C/.test(printed)) resolve();
    });
    cli.on("exit", () => reject(new Error(`the command exited before listening:\n${printed}`)));
  });
  port = Number(/Base URL: http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1]);
  account = /Account: +(\w+)/.exec(printed)?.[1] as string;
}, STARTUP_TIMEOUT);

afterAll(() => {
  cli.kill("SIGKILL");
});

const api = () => `/client/v4/accounts/${account}/iam/user_groups`;

/** Kilobytes of the command's peak resident memory, from Linux's /proc. */
const peakKiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${cli.pid}/status`, "utf8"))?.[1]);

/** Sends a POST whose body is `megabytes` MiB of JSON-looking bytes, until the server answers or hangs up. */
function bigPost(megabytes: number, chunked: boolean): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]) || undefined);
    };
    socket.on("data", (chunk) => {
      answer += chunk;
      if (complete(answer)) done();
    });
    socket.on("close", done);
    socket.on("error", done);
    socket.on("connect", async () => {
      const size = megabytes * 1024 * 1024;
      socket.write(
        head("POST", api(), {
          host: "localhost",
          authorization: "Bearer t",
          "content-type": "application/json",
          ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(size) }),
        }),
      );
      const block = Buffer.alloc(256 * 1024, 0x20);
      for (let sent = 0; sent < size && !socket.destroyed && answer === ""; sent += block.length) {
        const data = chunked
          ? Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, Buffer.from("\r\n")])
          : block;
        if (!socket.write(data)) await new Promise((drained) => socket.once("drain", drained));
      }
      if (!socket.destroyed && chunked) socket.write("0\r\n\r\n");
    });
  });
}

// Every test talks to the command's process, which shares a busy CI machine with other packages' tests.
describe("cf-user-groups-mock under hostile clients", { timeout: STARTUP_TIMEOUT }, () => {
  it("keeps serving after malformed Hosts and TRACE", async () => {
    for (const host of ["a b", "a:99999", "[", "a%zz"]) {
      const answer = await rawRequest(port, [
        head("GET", api(), { host, authorization: "Bearer t", connection: "close" }),
      ]);
      expect(answer.status).toBe(400);
    }
    const trace = await rawRequest(port, [head("TRACE", api(), { host: "localhost", connection: "close" })]);
    expect(trace.status).toBe(400);
    const ok = await rawRequest(port, [
      head("GET", api(), { host: "localhost", authorization: "Bearer t", connection: "close" }),
    ]);
    expect(ok.status).toBe(200);
    expect(exited).toBeUndefined();
  });

  it.runIf(process.platform === "linux")(
    "grows by less than 50 MB over 20 POSTs of 20 MB, each refused with 413",
    async () => {
      const before = peakKiB();
      const statuses: (number | undefined)[] = [];
      for (let index = 0; index < 20; index++) statuses.push(await bigPost(20, index % 2 === 1));
      // Each one is refused, and the client reads the 413 although it was still writing: the server
      // drains what is in flight before it closes, so the connection is not reset under the answer.
      expect(statuses).toEqual(Array(20).fill(413));
      const grown = (peakKiB() - before) / 1024;
      expect(grown).toBeLessThan(50);
      const ok = await rawRequest(port, [
        head("GET", api(), { host: "localhost", authorization: "Bearer t", connection: "close" }),
      ]);
      expect(ok.status).toBe(200);
      expect(exited).toBeUndefined();
    },
    STARTUP_TIMEOUT,
  );
});
