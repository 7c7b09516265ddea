import { ErrorCodes } from "../envelope.js";
import { failure, type OperationResult } from "../operations/context.js";

/**
 * Which credentials the fake accepts. By default any well-formed credential;
 * list tokens and/or keys to accept only those; `false` turns checks off.
 *
 * @example
 * ```ts
 * createUserGroupsMock({ auth: { tokens: ["test-token"] } });
 * ```
 */
export type AuthOption =
  | boolean
  | {
      /** API tokens accepted as `Authorization: Bearer <token>`. */
      tokens?: string[];
      /** Global API keys accepted as `X-Auth-Key` with their `X-Auth-Email`. */
      keys?: { key: string; email: string }[];
    };

const missing = () =>
  failure(400, ErrorCodes.MISSING_CREDENTIALS, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
const invalidHeaders = (code: number, message: string): OperationResult => {
  const result = failure(400, ErrorCodes.INVALID_HEADERS, "Invalid request headers");
  // Cloudflare nests the precise reason in an error chain.
  Object.assign(result.body.errors[0] as object, { error_chain: [{ code, message }] });
  return result;
};
const refused = () => failure(403, ErrorCodes.AUTHENTICATION_ERROR, "Authentication error");

/** The failure for a request whose credentials the live API would refuse, or undefined to let it through. */
export function checkCredentials(headers: Headers, auth: AuthOption): OperationResult | undefined {
  if (auth === false) return undefined;
  const authorization = headers.get("authorization");
  const key = headers.get("x-auth-key");
  const email = headers.get("x-auth-email");
  if (authorization !== null) {
    const token = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim())?.[1];
    if (!token) return invalidHeaders(6111, "Invalid format for Authorization header");
    return typeof auth === "object" && !auth.tokens?.includes(token) ? refused() : undefined;
  }
  if (key === null || email === null) return missing();
  if (!/^\S+$/.test(key)) return invalidHeaders(6102, "Invalid format for X-Auth-Key header");
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return invalidHeaders(6103, "Invalid format for X-Auth-Email header");
  if (typeof auth === "object" && !auth.keys?.some((entry) => entry.key === key && entry.email === email)) {
    return refused();
  }
  return undefined;
}
