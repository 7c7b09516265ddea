import type { OperationId } from "@cf-user-groups/types";

/**
 * One request the fake saw, for assertions. Credentials in the headers are
 * replaced with `"[redacted]"`.
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
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Lower-case header names; `authorization` and `x-auth-key` redacted. */
  headers: Record<string, string>;
  /** The HTTP status answered, `"network-error"` for a dropped connection, or `"aborted"` when the caller gave up first. */
  status: number | "network-error" | "aborted";
  /** What answered: the fake, an injected fault, or an override. */
  source: "fake" | "fault" | "override";
}

const SECRET_HEADERS = new Set(["authorization", "x-auth-key", "cookie"]);

/** Request headers with credentials redacted. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const entries: Record<string, string> = {};
  headers.forEach((value, name) => {
    entries[name] = SECRET_HEADERS.has(name) ? "[redacted]" : value;
  });
  return entries;
}

/** The body as logged: parsed JSON, or the text, or undefined when empty. */
export function loggedBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
