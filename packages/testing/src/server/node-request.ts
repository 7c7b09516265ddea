import type { IncomingMessage } from "node:http";
import { ErrorCodes } from "../envelope.js";

/** Why an HTTP request cannot become a fetch `Request`: the failure to answer with. */
export interface Unrepresentable {
  status: number;
  code: number;
  message: string;
  /** What is known of the request, for the log. */
  method: string;
  path: string;
  headers: Headers;
}

/** Methods fetch refuses to carry. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
/** A `Host`: a name of letters, digits, dots, hyphens and underscores, or a bracketed IPv6 address, and a port. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/;
/** Request bodies are read this many bytes at a time at most before the reader asks for more. */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * Turns a Node request into a fetch `Request`, or says why it cannot be one:
 * a malformed or missing `Host`, a target that is not a path, a method fetch
 * refuses (TRACE), a header value fetch cannot carry. Nothing here throws.
 *
 * The body is streamed, not buffered: the fake reads it up to its limit, and
 * when it stops reading (cancels), the rest is left unread until the answer
 * closes the connection.
 */
export function toFetchRequest(req: IncomingMessage, signal: AbortSignal): Request | Unrepresentable {
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  const headers = new Headers();
  const invalid: string[] = [];
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index] as string;
    try {
      headers.append(name, req.rawHeaders[index + 1] as string);
    } catch {
      invalid.push(name);
    }
  }
  const path = target.startsWith("/") ? target.replace(/[?#].*$/s, "") : target.slice(0, 200);
  const refuse = (status: number, code: number, message: string): Unrepresentable => {
    req.resume();
    return { status, code, message, method, path, headers };
  };
  if (FORBIDDEN_METHODS.has(method)) return refuse(400, ErrorCodes.NO_ROUTE, "No route for that URI");
  if (invalid.length > 0) {
    return refuse(
      400,
      ErrorCodes.MALFORMED_REQUEST,
      `Header ${invalid[0]} has a value that is not valid in HTTP.`,
    );
  }
  let url: URL;
  try {
    if (target.startsWith("/")) {
      const host = req.headers.host;
      if (host === undefined) return refuse(400, ErrorCodes.MALFORMED_REQUEST, "A Host header is required.");
      if (!HOST.test(host)) return refuse(400, ErrorCodes.MALFORMED_REQUEST, "The Host header is malformed.");
      // Concatenated, not resolved against a base: a target like //other/x stays a path.
      url = new URL(`http://${host}${target}`);
    } else if (/^https?:\/\//i.test(target)) {
      // An absolute-form target names its own host (RFC 9112 3.2.2); it is checked like a Host header.
      url = new URL(target);
      if (!HOST.test(url.host)) throw new TypeError("malformed authority");
    } else {
      return refuse(400, ErrorCodes.MALFORMED_REQUEST, "The request target must be a path.");
    }
  } catch {
    return refuse(400, ErrorCodes.MALFORMED_REQUEST, "The Host header or the request target is malformed.");
  }
  const hasBody =
    method !== "GET" &&
    method !== "HEAD" &&
    (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0);
  if (!hasBody) req.resume();
  try {
    return new Request(url, {
      method,
      headers,
      signal,
      ...(hasBody ? { body: bodyStream(req), duplex: "half" } : {}),
    } as RequestInit);
  } catch {
    req.resume();
    return refuse(400, ErrorCodes.MALFORMED_REQUEST, "The request cannot be read.");
  }
}

/** The request's body as a web stream with backpressure; cancelling it discards the rest as it arrives. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  // Events can still come after the reader cancelled or the stream failed; they must not throw.
  const settle = (end: () => void) => {
    if (!open) return;
    open = false;
    try {
      end();
    } catch {
      // Already closed by the reader.
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on("data", (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => settle(() => controller.close()));
        req.once("error", (error) => settle(() => controller.error(error)));
        // A client that goes away mid-body ends the stream with an error, not a hang.
        req.once("close", () => {
          if (!req.complete) settle(() => controller.error(new Error("The client closed the connection.")));
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Left paused: the answer closes the connection, so the rest is never read into memory.
        open = false;
        req.removeAllListeners("data");
        req.pause();
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
}
