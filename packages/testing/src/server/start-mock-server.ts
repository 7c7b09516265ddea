import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createFake, type Fake, type UserGroupsMockOptions } from "../core/fake.js";
import { DEFAULT_MAX_BODY_BYTES } from "../core/mock-options.js";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import type { CorsOption } from "../http/cors.js";
import { BASE_PATH, createFetchHandler } from "../http/fetch-handler.js";
import type { AllowedHosts } from "../http/host-check.js";
import { toFetchRequest } from "./node-request.js";
import { readStateFile, writeStateFile } from "./state-file.js";

export { BASE_PATH } from "../http/fetch-handler.js";

/**
 * Options for {@link startMockServer}: where to listen, who may call it, and
 * the fake's options.
 *
 * @example
 * ```ts
 * const options: MockServerOptions = { port: 8787, seed: 3 };
 * ```
 */
export interface MockServerOptions extends UserGroupsMockOptions {
  /**
   * The port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The interface to listen on.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * Host names to serve besides loopback names (`localhost`), IP addresses
   * and `host`: needed when the server is reached by another name, as in
   * containers (`["api-fake"]`, `[".internal"]` for a domain and its
   * subdomains) or `true` for any. Other names get a 403, which keeps web
   * pages from driving the server through DNS rebinding.
   * @default []
   */
  allowedHosts?: AllowedHosts;
  /**
   * CORS headers for pages on other origins: `true` for any origin, or a
   * list of origins. Off by default, so browsers keep other sites out.
   * @default false
   */
  cors?: CorsOption;
  /**
   * Serve the control plane under `/__admin/` (reset, faults, the request
   * log, state, the clock; see `admin-openapi.json`).
   * @default true
   */
  admin?: boolean;
  /**
   * A file to keep the fake's state in: loaded at start when it exists,
   * written (atomically) by `close()` and by `POST /__admin/state/save`. A
   * file that is not a valid snapshot makes the start fail, and is left as it is.
   */
  stateFile?: string;
}

/** A running mock server. */
export interface MockServer {
  /** The server's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Where the API lives: `url` + `/client/v4`; give it to a client as its base URL. */
  baseURL: string;
  /** The fake behind the server: its store, faults, request log and `reset()`. */
  mock: Fake;
  /** Writes the state file now (with `stateFile`); resolves to its path. */
  saveState(): Promise<string>;
  /** Stops listening, closes open connections, and writes the state file (with `stateFile`). */
  close(): Promise<void>;
}

/**
 * Starts the fake as a local HTTP server, serving the API under
 * `/client/v4`, for tests in other languages, the official SDK, or curl.
 * Nothing a client sends can stop it: malformed requests get a 400 envelope,
 * oversized bodies a 413, and a failure in the fake a 500.
 *
 * @example
 * ```ts
 * const server = await startMockServer({ seed: 1 });
 * const client = new Cloudflare({ apiToken: "test", baseURL: server.baseURL });
 * await server.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = "127.0.0.1", allowedHosts, cors, admin, stateFile, ...mockOptions } = options;
  const mock = createFake(mockOptions);
  const maxBodyBytes = mockOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (stateFile !== undefined) {
    const saved = await readStateFile(stateFile);
    if (saved !== undefined) {
      try {
        mock.restore(saved as Parameters<Fake["restore"]>[0]);
      } catch (error) {
        throw new Error(
          `the state file ${stateFile} is not a snapshot this fake can load: ${(error as Error).message}`,
        );
      }
    }
  }
  const saveState = async () => {
    if (stateFile === undefined) throw new Error("startMockServer: saveState() needs the stateFile option.");
    await writeStateFile(stateFile, mock.snapshot());
    return stateFile;
  };
  const handle = createFetchHandler(mock, {
    listenHost: host,
    allowedHosts,
    cors,
    admin,
    maxBodyBytes,
    saveState: stateFile === undefined ? undefined : saveState,
  });

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const controller = new AbortController();
    // The client went away before its answer: stop waiting out a delay for it.
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = toFetchRequest(req, controller.signal);
    const response =
      request instanceof Request
        ? await handle(request)
        : mock.refuse(request, request.status, request.code, request.message);
    // mock.networkError(): drop the connection without an answer.
    if (response.type === "error") {
      req.socket.destroy();
      return;
    }
    await send(req, res, response);
  };

  // requireHostHeader off: a request without a Host gets the envelope from toFetchRequest, not Node's bare 400.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    // Streams report errors as events; without a listener, one would end the process.
    req.on("error", () => {});
    res.on("error", () => {});
    serve(req, res).catch((error: unknown) => {
      // Only a bug here could get this far: answer if still possible, and keep serving.
      if (!res.headersSent && !res.destroyed) {
        const body = JSON.stringify(
          failureEnvelope({ code: ErrorCodes.INTERNAL_ERROR, message: `The fake failed: ${String(error)}` }),
        );
        res.writeHead(500, { "content-type": "application/json", connection: "close" }).end(body);
      } else res.destroy();
    });
  });
  // `Expect: 100-continue` (curl sends it for large bodies): a body over the limit is refused
  // before the client sends it; any other gets its go-ahead.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers["content-length"]);
    if (!(declared > maxBodyBytes)) res.writeContinue();
    server.emit("request", req, res);
  });
  // Any other expectation cannot be met: say so in an envelope, as for everything else.
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const refused = mock.refuse(
      { method: req.method ?? "", path: (req.url ?? "").replace(/[?#].*$/s, ""), headers: new Headers() },
      417,
      ErrorCodes.MALFORMED_REQUEST,
      "Only `Expect: 100-continue` is supported.",
    );
    send(req, res, refused).catch(() => res.destroy());
  });
  // Requests Node's parser rejects (bad syntax, headers too large) get the envelope too.
  server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
    // A connection that already has its answer (see send) ends quietly: a second answer would be one too many.
    if (error.code === "ECONNRESET" || !socket.writable || answered.has(socket)) {
      socket.destroy();
      return;
    }
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify(
      failureEnvelope({ code: ErrorCodes.MALFORMED_REQUEST, message: "The request is not valid HTTP." }),
    );
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // After listening, a server error (such as too many open files) must not end the process.
  server.on("error", () => {});
  const address = server.address() as AddressInfo;
  const hostname = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  return {
    url,
    baseURL: `${url}${BASE_PATH}`,
    mock,
    saveState,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      if (stateFile !== undefined) await saveState();
    },
  };
}

/**
 * How long a connection whose request body was refused unread stays open after its answer.
 * Closing at once, with the client's bytes still arriving, makes the kernel reset the
 * connection, and a reset makes the client drop the answer it has not read yet: a client busy
 * writing a large body would see "connection reset", not the 413. The rest of the body is not
 * read meanwhile (reading it, even to discard it, costs memory): it waits in the kernel's buffer.
 */
const LINGER_MS = 2_000;

/** Connections answered while their request was still arriving: what comes after on them is discarded. */
const answered = new WeakSet<Socket>();

/**
 * Writes a fetch `Response` to Node. A body the request did not finish sending ends the
 * connection after the answer, LINGER_MS later.
 */
async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers["content-length"] = String(body.byteLength);
  if (req.complete) {
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  // Refused before its body was read (413, 415, 403): answer in full, then close rather than
  // wait for the rest, but only once the client has had time to read the answer (LINGER_MS).
  headers.connection = "close";
  answered.add(req.socket);
  req.removeAllListeners("data");
  req.pause();
  res.writeHead(response.status, headers);
  res.write(body);
  const timer = setTimeout(() => res.end(), LINGER_MS);
  timer.unref();
  res.once("close", () => clearTimeout(timer));
}
