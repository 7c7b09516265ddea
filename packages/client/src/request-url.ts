import { CloudflareError } from "./errors.js";

/**
 * Fills a path template's `{name}` placeholders, percent-encoding each value
 * so `/`, `?` and `#` stay inside their segment. Values it cannot make safe
 * are refused before anything is sent: empty ids, which would hit a different
 * endpoint, and `.` or `..`, which URL parsing resolves into a different path
 * even when percent-encoded. Also used as `client.raw`'s path serializer.
 */
export function fillPath(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== "string" || !value || value === "." || value === "..") {
      throw new CloudflareError(
        `${name} must be a non-empty string other than . and .., got ${JSON.stringify(value)}.`,
      );
    }
    return encodeURIComponent(value);
  });
}

/** The absolute URL of an operation: base URL, filled path template, and the query's defined values. */
export function buildURL(
  baseURL: string,
  template: string,
  path: Record<string, unknown>,
  query: Record<string, unknown> = {},
): string {
  const search = Object.entries(query)
    .filter(([, value]) => value != null)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return `${baseURL}${fillPath(template, path)}${search ? `?${search}` : ""}`;
}
