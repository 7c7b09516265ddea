// A small static file server for the built page, on 127.0.0.1: service
// workers need a secure context, and localhost counts as one.

import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

/**
 * Answers one request with the file it names under `root`: 400 for a path
 * that does not decode, 403 for one outside `root`, 404 for a missing file.
 * @param {string} root
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function respond(root, req, res) {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad path");
    return;
  }
  const file = normalize(join(root, path === "/" ? "index.html" : decoded));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": types[/** @type {keyof types} */ (extname(file))] ?? "application/octet-stream",
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
  }
}

/**
 * Serves `root` over HTTP.
 * @param {string} root the folder to serve
 * @param {{ port?: number, host?: string }} [options] where to listen; port 0 picks a free one
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve(root, { port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer((req, res) => {
    respond(root, req, res).catch(() => {
      // Whatever went wrong, answer rather than leave the request hanging or the process crashing.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal error");
    });
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve(fileURLToPath(new URL("dist", import.meta.url)), {
    port: Number(process.env.PORT ?? 5173),
  });
  console.log(`serving the example on ${url}`);
}
