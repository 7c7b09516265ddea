import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../serve.mjs";

/** GET `path` as sent, without a client normalising it first. */
const get = (url: string, path: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    const sent = request(`${url}`, { path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    sent.on("error", reject);
    sent.end();
  });

describe("the example's static server", () => {
  let root: string;
  let site: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "serve-test-"));
    await writeFile(join(root, "index.html"), "<!doctype html>");
    site = await serve(root);
  });
  afterAll(async () => {
    await site?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("answers 400 to a path that does not decode, and keeps serving", async () => {
    expect(await get(site.url, "/%ZZ")).toBe(400);
    expect(await get(site.url, "/%E0%A4%A")).toBe(400);
    expect(await get(site.url, "/")).toBe(200);
  });

  it("answers 403 outside its folder and 404 for a missing file", async () => {
    expect(await get(site.url, "/..%2f..%2fetc%2fpasswd")).toBe(403);
    expect(await get(site.url, "/missing.js")).toBe(404);
  });
});
