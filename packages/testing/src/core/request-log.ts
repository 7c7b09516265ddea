import type { OperationId } from "@cf-user-groups/types";

/**
 * One request the fake saw, for assertions. Credentials in the headers are
 * replaced with `"[redacted]"`, and large bodies are summarised rather than
 * kept.
 *
 * @example
 * ```ts
 * expect(mock.requests.map((request) => request.operationId)).toEqual(["createUserGroup", "addUserGroupMembers"]);
 * ```
 */
export interface LoggedRequest {
  /** The operation, or undefined when the request matched none. */
  operationId: OperationId | undefined;
  method: string;
  /** The URL's path, as sent (still percent-encoded). */
  path: string;
  /** The path ids, decoded. */
  params: Record<string, string>;
  /** The query parameters, as sent. */
  query: Record<string, string>;
  /**
   * The parsed JSON body; the raw text when it is not JSON; undefined when
   * empty. A body over {@link LOGGED_BODY_LIMIT} bytes is not kept: this is
   * then the start of its text, and `bodyTruncated` is true.
   */
  body: unknown;
  /** With `bodyTruncated`: the body's size in bytes, or for a body refused as too large, at least that many. */
  bodyBytes?: number;
  /** True when `body` holds only the start of a large body. */
  bodyTruncated?: true;
  /** Lower-case header names; `authorization`, `x-auth-key`, `x-auth-email` and cookies redacted. */
  headers: Record<string, string>;
  /** The HTTP status answered, `"network-error"` for a dropped connection, or `"aborted"` when the caller gave up first. */
  status: number | "network-error" | "aborted";
  /**
   * What answered: the fake, an injected fault, an override, or the HTTP
   * server itself (a request it refused before the fake saw it: a foreign
   * `Host`, a body that is too large or not JSON).
   */
  source: "fake" | "fault" | "override" | "server";
  /** Why the response broke the spec, when response validation caught it (see `mock.violations`). */
  violation?: string;
  /** When the fake answered, by its clock (ISO 8601). */
  at: string;
}

/** Bodies larger than this (in bytes) are summarised in the log rather than kept. */
export const LOGGED_BODY_LIMIT = 64 * 1024;
/** How much of a summarised body the log keeps. */
const PREVIEW_CHARACTERS = 1024;

const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "x-auth-key",
  "x-auth-email",
  "x-auth-user-service-key",
  "cookie",
]);

/** Request headers with credentials redacted. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const entries: Record<string, string> = {};
  headers.forEach((value, name) => {
    entries[name] = SECRET_HEADERS.has(name) ? "[redacted]" : value;
  });
  return entries;
}

const utf8 = new TextEncoder();

/**
 * The body as logged: parsed JSON, or the text, or undefined when empty; a
 * body over {@link LOGGED_BODY_LIMIT} bytes as the start of its text, flagged
 * as truncated, so a long-running server's log stays small whatever is sent.
 */
export function loggedBody(text: string): Pick<LoggedRequest, "body" | "bodyBytes" | "bodyTruncated"> {
  if (text === "") return { body: undefined };
  const bytes = utf8.encode(text).length;
  if (bytes > LOGGED_BODY_LIMIT) {
    return { body: `${text.slice(0, PREVIEW_CHARACTERS)}…`, bodyBytes: bytes, bodyTruncated: true };
  }
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { body: text };
  }
}
