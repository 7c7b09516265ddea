// The HTTP server against requests no client library would send, over raw
// sockets: nothing a client sends may stop it, hang it, or leave an
// unhandled rejection; each gets a Cloudflare envelope, and the server keeps
// serving.

import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ErrorCodes } from "../../src/index.js";
import { type MockServer, startMockServer } from "../../src/server/index.js";
import { head, rawRequest } from "../support/raw-http.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let server: MockServer;
let port: number;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await startMockServer({ maxBodyBytes: 64 * 1024 });
  port = Number(new URL(server.url).port);
});
afterEach(() => server.mock.reset());
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});

const api = () => `/client/v4/accounts/${server.mock.accountId}/iam/user_groups`;
const auth = { authorization: "Bearer t", connection: "close" };

/** The server still answers an ordinary request. */
async function stillServing() {
  const answer = await rawRequest(port, [head("GET", api(), { host: "127.0.0.1", ...auth })]);
  expect(answer.status).toBe(200);
  expect(unhandled).toEqual([]);
}

const envelope = (code: number) => ({
  success: false,
  errors: [expect.objectContaining({ code })],
  messages: [],
  result: null,
});

describe("malformed requests get a 400 envelope, and the server keeps serving", () => {
  it.each(["a b", "a:99999", "[", "a%zz", "evil.com@localhost", "localhost/x", ""])(
    "Host %j",
    async (host) => {
      const answer = await rawRequest(port, [head("GET", api(), { host, ...auth })]);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(envelope(ErrorCodes.MALFORMED_REQUEST));
      await stillServing();
    },
  );

  it("TRACE, a method fetch cannot carry", async () => {
    const answer = await rawRequest(port, [head("TRACE", api(), { host: "localhost", ...auth })]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(envelope(ErrorCodes.NO_ROUTE));
    await stillServing();
  });

  it.each(["TRACK", "FOO", "get"])("%s, a method HTTP's parser refuses", async (method) => {
    const answer = await rawRequest(port, [head(method, api(), { host: "localhost", ...auth })]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(envelope(ErrorCodes.MALFORMED_REQUEST));
    await stillServing();
  });

  it("a request without a Host", async () => {
    const answer = await rawRequest(port, [`GET ${api()} HTTP/1.0\r\nauthorization: Bearer t\r\n\r\n`]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(envelope(ErrorCodes.MALFORMED_REQUEST));
    await stillServing();
  });

  it.each(["*", "example.com:443", "ftp://localhost/x"])("request target %j", async (target) => {
    const answer = await rawRequest(port, [head("OPTIONS", target, { host: "localhost", ...auth })]);
    expect(answer.status).toBe(400);
    await stillServing();
  });

  it("HTTP the parser rejects", async () => {
    const answer = await rawRequest(port, ["GET / HTTP/1.1\r\nhost: localhost\r\nbad header\r\n\r\n"]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(envelope(ErrorCodes.MALFORMED_REQUEST));
    await stillServing();
  });

  // The test's timeout is longer than its wait for the log, so a wait that runs out says what it waited for.
  it("a body the client gives up on half way", async () => {
    const before = server.mock.store.snapshot();
    const answer = await rawRequest(
      port,
      [
        head("POST", api(), {
          host: "localhost",
          ...auth,
          "content-type": "application/json",
          "content-length": "100",
        }),
        '{"name":',
      ],
      { hangUp: true },
    );
    // Node's parser may still answer 400 to a request cut short; either way nothing is applied.
    expect([undefined, 400]).toContain(answer.status);
    await vi.waitFor(() => expect(server.mock.requests[0]).toMatchObject({ status: "aborted" }), {
      timeout: 30_000,
    });
    expect(server.mock.store.snapshot()).toEqual(before);
    await stillServing();
  }, 60_000);

  it("a slow sender is served once its request is whole", async () => {
    const body = '{"name":"Slowly"}';
    const answer = await rawRequest(
      port,
      [
        head("POST", api(), {
          host: "localhost",
          ...auth,
          "content-type": "application/json",
          "content-length": String(body.length),
        }),
        ...body,
      ],
      { gapMs: 5 },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: { name: "Slowly" } });
  });

  it("a target the API does not know", async () => {
    const answer = await rawRequest(port, [head("GET", "/%ZZ/../x", { host: "localhost", ...auth })]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(envelope(ErrorCodes.NO_ROUTE));
    await stillServing();
  });
});

describe("only loopback names, IP addresses and the configured host are served", () => {
  it.each(["localhost", "LOCALHOST.", "app.localhost", "127.0.0.1", "[::1]", "10.0.0.7"])(
    "serves Host %s",
    async (host) => {
      const answer = await rawRequest(port, [head("GET", api(), { host: `${host}:${port}`, ...auth })]);
      expect(answer.status).toBe(200);
    },
  );

  it("refuses another name with 403, as DNS rebinding would send", async () => {
    const answer = await rawRequest(port, [
      head("GET", api(), { host: `attacker.example:${port}`, ...auth }),
    ]);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(envelope(ErrorCodes.HOST_NOT_ALLOWED));
    expect(server.mock.requests).toMatchObject([
      { status: 403, source: "server", headers: { authorization: "[redacted]" } },
    ]);
  });

  it("serves names given in allowedHosts, with a leading dot for subdomains, or any with true", async () => {
    const open = await startMockServer({ allowedHosts: ["api-fake", ".internal"] });
    const any = await startMockServer({ allowedHosts: true });
    try {
      const status = async (target: MockServer, host: string) =>
        (await rawRequest(Number(new URL(target.url).port), [head("GET", api(), { host, ...auth })])).status;
      expect(await status(open, "api-fake")).toBe(200);
      expect(await status(open, "internal")).toBe(200);
      expect(await status(open, "a.b.internal")).toBe(200);
      expect(await status(open, "api-fake2")).toBe(403);
      expect(await status(open, "xinternal")).toBe(403);
      expect(await status(any, "anything.example")).toBe(200);
    } finally {
      await Promise.all([open.close(), any.close()]);
    }
  });
});

describe("what a cross-site page could send is refused", () => {
  it("a write whose body is not JSON gets 415 and changes nothing, even with auth off", async () => {
    const open = await startMockServer({ auth: false });
    try {
      const before = open.mock.store.snapshot();
      for (const type of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        undefined,
      ]) {
        const body = '{"name":"Created by a web page"}';
        const answer = await rawRequest(Number(new URL(open.url).port), [
          head("POST", api(), {
            host: "localhost",
            connection: "close",
            ...(type ? { "content-type": type } : {}),
            "content-length": String(body.length),
          }),
          body,
        ]);
        expect(answer.status).toBe(415);
        expect(answer.body).toEqual(envelope(ErrorCodes.UNSUPPORTED_MEDIA_TYPE));
      }
      expect(open.mock.store.snapshot()).toEqual(before);
    } finally {
      await open.close();
    }
  });

  it("JSON content types are accepted, with parameters and +json suffixes", async () => {
    for (const type of ["application/json", "Application/JSON; charset=utf-8", "application/vnd.api+json"]) {
      const body = '{"name":"Auditors"}';
      const answer = await rawRequest(port, [
        head("POST", api(), {
          host: "localhost",
          ...auth,
          "content-type": type,
          "content-length": String(body.length),
        }),
        body,
      ]);
      expect(answer.status).toBe(200);
    }
  });

  it("sends no CORS headers, and answers a preflight like any other unknown method", async () => {
    const answer = await rawRequest(port, [
      head("GET", api(), { host: "localhost", ...auth, origin: "https://evil.example" }),
    ]);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    const preflight = await rawRequest(port, [
      head("OPTIONS", api(), {
        host: "localhost",
        connection: "close",
        origin: "https://evil.example",
        "access-control-request-method": "POST",
      }),
    ]);
    expect(preflight.status).toBe(400);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  it("with cors, answers preflights and adds the headers for allowed origins only", async () => {
    const open = await startMockServer({ cors: ["http://localhost:5173"] });
    try {
      const to = (headers: Record<string, string>, method = "GET") =>
        rawRequest(Number(new URL(open.url).port), [
          head(method, api(), { host: "localhost", ...auth, ...headers }),
        ]);
      const preflight = await to(
        {
          origin: "http://localhost:5173",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
        "OPTIONS",
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        "access-control-allow-origin": "http://localhost:5173",
        "access-control-allow-methods": "GET, POST, PUT, DELETE",
        "access-control-allow-headers": "authorization, content-type",
      });
      const allowed = await to({ origin: "http://localhost:5173" });
      expect(allowed.status).toBe(200);
      expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
      expect(allowed.headers["access-control-expose-headers"]).toContain("retry-after");
      const other = await to({ origin: "https://evil.example" });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe("a connection answered before its body arrived", () => {
  it("gets exactly one answer, even when the client then hangs up mid-body", async () => {
    // Found by the hostile-HTTP fuzzer: the hang-up made Node report a parse error on a connection
    // that already had its answer, and the server sent a second one after it.
    const answer = await rawRequest(
      port,
      [`${head("PROPFIND", "/", { host: "localhost", "content-length": "10" })}{}`],
      { hangUp: true, untilClosed: true },
    );
    expect(answer.status).toBe(400);
    expect(answer.raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    await stillServing();
  });
});

describe("oversized bodies get a 413 before the rest is read", () => {
  it("a declared Content-Length over the limit is answered at once", async () => {
    const answer = await rawRequest(port, [
      head("POST", api(), {
        host: "localhost",
        ...auth,
        "content-type": "application/json",
        "content-length": String(20 * 1024 * 1024),
      }),
    ]);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(answer.body).toEqual(envelope(ErrorCodes.BODY_TOO_LARGE));
    expect(server.mock.requests).toMatchObject([
      { status: 413, bodyBytes: 20 * 1024 * 1024, body: undefined },
    ]);
    await stillServing();
  });

  it("a chunked body is cut off once past the limit", async () => {
    const chunk = "x".repeat(16 * 1024);
    const parts = [
      head("POST", api(), {
        host: "localhost",
        ...auth,
        "content-type": "application/json",
        "transfer-encoding": "chunked",
      }),
      ...Array.from({ length: 64 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
      "0\r\n\r\n",
    ];
    const answer = await rawRequest(port, parts);
    expect(answer.status).toBe(413);
    expect(server.mock.requests[0]).toMatchObject({ status: 413, bodyTruncated: true });
    expect(server.mock.requests[0]?.bodyBytes).toBeLessThan(1024 * 1024);
    await stillServing();
  });
});

describe("Expect: 100-continue", () => {
  /** A POST that sends its body only on the server's go-ahead, as curl does for large bodies. */
  const post = (declared: number, body: string) =>
    new Promise<{ status: number | undefined; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const sent = httpRequest(
        `${server.url}${api()}`,
        {
          method: "POST",
          headers: {
            ...auth,
            "content-type": "application/json",
            "content-length": declared,
            expect: "100-continue",
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode, continued }));
        },
      );
      sent.on("continue", () => {
        continued = true;
        sent.end(body);
      });
      sent.on("error", reject);
      sent.flushHeaders();
    });

  it("a body over the limit is refused before the client sends it", async () => {
    expect(await post(1024 * 1024, "")).toEqual({ status: 413, continued: false });
    expect(server.mock.requests).toMatchObject([{ status: 413 }]);
  });

  it("a body within the limit gets its go-ahead", async () => {
    const body = '{"name":"Go ahead"}';
    expect(await post(body.length, body)).toEqual({ status: 200, continued: true });
  });
});
