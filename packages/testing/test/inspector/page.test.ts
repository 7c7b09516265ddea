// The inspector page as served: self-contained (nothing from another origin),
// locked down by a Content-Security-Policy that allows exactly its own inline
// style and script, and small.

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/server/index.js";

/** The page's budget: it is sent on every visit, and a page this size needs no build step. */
const SIZE_BUDGET_BYTES = 15_000;

let server: MockServer;
let page: string;
let headers: Headers;

beforeAll(async () => {
  server = await startMockServer();
  const response = await fetch(`${server.url}/__admin/`);
  expect(response.status).toBe(200);
  headers = response.headers;
  page = await response.text();
});
afterAll(() => server.close());

/** The CSP's directives by name. */
const directives = (policy: string) =>
  new Map(
    policy
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name as string, values]),
  );

/** The contents of every `<tag>…</tag>` block. */
const blocks = (tag: string) =>
  [...page.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, "gi"))].map(
    ([, attributes, body]) => ({
      attributes: attributes ?? "",
      body: body ?? "",
    }),
  );

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("the inspector page", () => {
  it("is one HTML document served as text/html, not cached", () => {
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toMatch(/<main>[\s\S]*<\/main>/);
  });

  it("loads nothing from another origin: no external src or href, no @import, no url(), no absolute URL", () => {
    const references = [
      ...page.matchAll(/\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)/gi),
    ].map(([, value]) => value);
    // Only the empty data: favicon, which keeps the browser from asking the server for /favicon.ico.
    expect(references).toEqual(["data:,"]);
    expect(page).not.toMatch(/@import/i);
    expect(page).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/https?:\/\//i);
    expect(page).not.toMatch(/["'(]\/\/[^/]/); // protocol-relative URLs
    expect(page).not.toMatch(/<(?:link|script)\b[^>]*\b(?:rel=["']?stylesheet|src=)/i);
  });

  it("has a Content-Security-Policy that allows only its own inline style and script, by hash", () => {
    const policy = headers.get("content-security-policy");
    expect(policy).toBeTruthy();
    const csp = directives(policy ?? "");
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["data:"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-(?:inline|eval|hashes)|\*/);

    const scripts = blocks("script");
    const styles = blocks("style");
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    // A browser runs an inline block only if its exact text hashes to a listed value.
    expect(csp.get("script-src")).toEqual(scripts.map((script) => sha256(script.body)));
    expect(csp.get("style-src")).toEqual(styles.map((style) => sha256(style.body)));
  });

  it("has no inline event handlers or style attributes, which the CSP would block", () => {
    const markup = page.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, "");
    expect(markup).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(markup).not.toMatch(/<[^>]*\sstyle\s*=/i);
  });

  it("never parses data as HTML: the script has no innerHTML, outerHTML, insertAdjacentHTML or document.write", () => {
    const [script] = blocks("script");
    expect(script?.body).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/,
    );
  });

  it(`stays under ${SIZE_BUDGET_BYTES} bytes`, () => {
    const size = Buffer.byteLength(page, "utf8");
    expect(size).toBeGreaterThan(1_000);
    expect(size).toBeLessThan(SIZE_BUDGET_BYTES);
  });

  it("is also served at /__admin without the trailing slash", async () => {
    const response = await fetch(`${server.url}/__admin`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(headers.get("content-security-policy"));
    expect(await response.text()).toBe(page);
  });
});
