import { connect } from "node:net";

/** What came back on a raw connection: the parsed response, if a whole one arrived, and how the connection ended. */
export interface RawAnswer {
  status: number | undefined;
  headers: Record<string, string>;
  /** The response body, parsed as JSON when it is JSON. */
  body: unknown;
  /** Everything received, as text. */
  raw: string;
  /** Whether the server closed or reset the connection. */
  closed: "end" | "reset" | "open";
}

/**
 * Sends `parts` as raw bytes on a fresh TCP connection to 127.0.0.1:`port`,
 * waiting `gapMs` between parts (a slow sender), then with `hangUp` closes
 * its side, and reads until the server ends the connection or one whole
 * response has arrived (with `untilClosed`, only until the connection ends). For requests a well-behaved client library would
 * refuse to send.
 */
export function rawRequest(
  port: number,
  parts: (string | Buffer)[],
  {
    gapMs = 0,
    hangUp = false,
    untilClosed = false,
  }: { gapMs?: number; hangUp?: boolean; untilClosed?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: RawAnswer["closed"]) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString("latin1"), closed));
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (!untilClosed && complete(Buffer.concat(chunks).toString("latin1"))) finish("open");
    });
    socket.on("end", () => finish("end"));
    socket.on("close", () => finish("end"));
    socket.on("error", () => finish("reset"));
    socket.on("connect", async () => {
      for (const [index, part] of parts.entries()) {
        if (socket.destroyed) return;
        if (index > 0 && gapMs > 0) await new Promise((next) => setTimeout(next, gapMs));
        socket.write(part);
      }
      if (hangUp && !socket.destroyed) socket.end();
    });
  });
}

/** Whether `text` holds a whole response (headers and a body of its content-length). */
export function complete(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
  return length !== undefined && text.length >= end + 4 + Number(length);
}

function parse(text: string, closed: RawAnswer["closed"]): RawAnswer {
  const end = text.indexOf("\r\n\r\n");
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rawBody = end === -1 ? "" : Buffer.from(text.slice(end + 4), "latin1").toString("utf8");
  let body: unknown = rawBody;
  try {
    body = JSON.parse(rawBody);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: status === undefined ? undefined : Number(status), headers, body, raw: text, closed };
}

/** A request line and headers, ready to send. */
export function head(method: string, target: string, headers: Record<string, string>): string {
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;
}
