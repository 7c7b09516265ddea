import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequest, sendResponse } from "@remix-run/node-fetch-server";
import { createFake, type Fake, type UserGroupsMockOptions } from "../core/fake.js";
import { ErrorCodes, failureEnvelope } from "../envelope.js";

/**
 * Options for {@link startMockServer}: where to listen, and the fake's options.
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
}

/** A running mock server. */
export interface MockServer {
  /** The server's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Where the API lives: `url` + `/client/v4`; give it to a client as its base URL. */
  baseURL: string;
  /** The fake behind the server: its store, faults, request log and `reset()`. */
  mock: Fake;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** The path the API is served under, as on api.cloudflare.com. */
export const BASE_PATH = "/client/v4";

/**
 * Starts the fake as a local HTTP server, serving the API under
 * `/client/v4`, for tests in other languages, the official SDK, or curl.
 *
 * @example
 * ```ts
 * const server = await startMockServer({ seed: 1 });
 * const client = new Cloudflare({ apiToken: "test", baseURL: server.baseURL });
 * await server.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = "127.0.0.1", ...mockOptions } = options;
  const mock = createFake(mockOptions);
  const server: Server = createServer(async (req, res) => {
    const request = createRequest(req, res);
    const response = new URL(request.url).pathname.startsWith(`${BASE_PATH}/`)
      ? await mock.handle(request).catch((error: unknown) => errorResponse(error))
      : Response.json(failureEnvelope({ code: ErrorCodes.NO_ROUTE, message: "No route for that URI" }), {
          status: 400,
        });
    // mock.networkError(): drop the connection without an answer.
    if (response.type === "error") {
      req.socket.destroy();
      return;
    }
    await sendResponse(res, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  return {
    url,
    baseURL: `${url}${BASE_PATH}`,
    mock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A response for an error the fake threw (a request aborted by the client,
 * or a `ResponseValidationError`): 500, with the message, so the caller sees
 * it instead of a hung connection.
 */
function errorResponse(error: unknown): Response {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return Response.json(failureEnvelope({ code: 1000, message }), { status: 500 });
}
