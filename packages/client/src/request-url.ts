import { CloudflareError, show } from "./errors.js";

/**
 * Percent-encodes a path value or query name or value. A lone surrogate
 * (half of a UTF-16 pair) has no UTF-8 form, and encodeURIComponent would
 * throw a bare URIError; it is refused as a `CloudflareError` instead.
 */
function encode(name: string, value: string): string {
  if (/\p{Cs}/u.test(value))
    throw new CloudflareError(`${name} must be well-formed Unicode (no lone surrogates).`);
  return encodeURIComponent(value);
}

/**
 * Fills a path template's `{name}` placeholders, percent-encoding each value
 * so `/`, `?` and `#` stay inside their segment. Values it cannot make safe
 * are refused before anything is sent: empty ids, which would hit a different
 * endpoint, `.` or `..`, which URL parsing resolves into a different path
 * even when percent-encoded, and lone surrogates. Also `rawClient`'s path serializer.
 */
export const fillPath = (template: string, params: Record<string, unknown>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== "string" || /^\.{0,2}$/.test(value))
      throw new CloudflareError(
        `${name} must be a non-empty string other than . and .., got ${show(value)}.`,
      );
    return encode(name, value);
  });

/** A query string (without `?`) of the defined values; also `rawClient`'s query serializer. */
export const search = (query: Record<string, unknown> = {}): string =>
  Object.entries(query)
    .filter(([, value]) => value != null)
    .map(([name, value]) => `${encode("A query name", name)}=${encode(name, String(value))}`)
    .join("&");
