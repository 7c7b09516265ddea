import { checkHeaders, invalid, isHeader } from "./checks.js";
import { CloudflareError } from "./errors.js";
import { type Logger, type LogLevel, resolveLog } from "./log.js";
import { pacer, type RateLimit } from "./rate-limit.js";
import {
  checkSettings,
  type Optional,
  type RequestLimits,
  type Settings,
  type TransportConfig,
} from "./transport.js";

/**
 * Options for {@link UserGroupsClient}. Credentials are an API token, or a
 * Global API key together with its email; in Node, any you leave out are read
 * from `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_API_KEY`, `CLOUDFLARE_EMAIL` and
 * `CLOUDFLARE_BASE_URL`.
 *
 * @example
 * ```ts
 * const options: ClientOptions = { apiToken: process.env.CF_TOKEN, accountId: "023e105f4ecef8ad9ca31a8372d0c353" };
 * ```
 */
export interface ClientOptions extends Optional<RequestLimits> {
  /**
   * An API token, sent as `Authorization: Bearer <token>`.
   * @default process.env.CLOUDFLARE_API_TOKEN
   */
  apiToken?: string | null | undefined;
  /**
   * A Global API key, sent as `X-Auth-Key`; needs `apiEmail`.
   * @default process.env.CLOUDFLARE_API_KEY
   */
  apiKey?: string | null | undefined;
  /**
   * The email of the Global API key's owner, sent as `X-Auth-Email`.
   * @default process.env.CLOUDFLARE_EMAIL
   */
  apiEmail?: string | null | undefined;
  /**
   * Where the API lives; set it to point the client at a proxy or a local fake.
   * @default process.env.CLOUDFLARE_BASE_URL ?? "https://api.cloudflare.com/client/v4"
   */
  baseURL?: string | null | undefined;
  /** The account used when a call leaves out `account_id`; with it set, `account_id` becomes optional. */
  accountId?: string | undefined;
  /**
   * A fetch to send requests with. By default the global `fetch` is looked up
   * for every request, so a mock installed after the client was created (MSW)
   * still sees its requests.
   */
  fetch?: typeof fetch | undefined;
  /**
   * Headers sent with every request; per-call `headers` override them. Names
   * must be HTTP tokens and values strings without control characters.
   */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * Also retry `userGroups.create` after a failure that leaves open whether it
   * was applied (a 5xx, a timeout, a reset), as the official SDK does; a retry
   * may then create a second group with the same name. Without it, `create` is
   * retried only after a 429, a refused connection or a failed DNS lookup, and
   * otherwise fails with `mayHaveBeenApplied: true`. Calls can override it.
   * @default false
   */
  retryNonIdempotent?: boolean | undefined;
  /**
   * How much to log: `"debug"` shows each request (method, URL, attempt),
   * response (status, milliseconds), retry (reason, delay) and page;
   * `"info"` the retries. Credentials are never logged. As in the official SDK.
   * @default process.env.CLOUDFLARE_LOG ?? "warn"
   */
  logLevel?: LogLevel | undefined;
  /**
   * Where the log goes: an object with `error`, `warn`, `info` and `debug` methods. As in the official SDK.
   * @default console
   */
  logger?: Logger | undefined;
  /**
   * A request budget the client keeps to, so a long job never trips
   * Cloudflare's rate limit (1,200 requests per 300 seconds per token; past
   * it, every call is refused for five minutes): before each request,
   * including retries, it waits while `requests` were sent in the last
   * `windowSeconds`. Shared by all calls of this client; a call's `signal`
   * stops the wait. Off by default.
   * @example { requests: 1_100, windowSeconds: 300 }
   */
  rateLimit?: RateLimit | undefined;
}

/** The default `baseURL`. */
export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/** The defaults: 60 s per attempt, 2 retries, 10,000 pages, 16 MiB per body, no repeated creates. */
export const DEFAULTS: Settings = {
  timeout: 60_000,
  maxRetries: 2,
  maxPages: 10_000,
  maxResponseBytes: 16 * 2 ** 20,
  retryNonIdempotent: false,
};

/** Each client's resolved options, for entries like `rawClient` that build on a client. */
export const resolved = new WeakMap<object, ResolvedOptions>();

/** A client's settings after defaults, environment and validation. */
export interface ResolvedOptions extends TransportConfig {
  readonly baseURL: string;
  readonly accountId: string | undefined;
}

/** An environment variable where there is one (Node, Bun, Deno); never touches a Node global that is absent. */
const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name]?.trim() ||
  undefined;

/**
 * Applies defaults and environment variables, and rejects a configuration
 * that could not work, before anything is sent: missing or half credentials,
 * both kinds of credentials at once, credentials or headers fetch would
 * refuse, a relative base URL, a limit that is not a sensible number.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  try {
    return resolve(options);
  } catch (error) {
    // Every problem found here is in the options: one place says so.
    throw error instanceof CloudflareError
      ? new CloudflareError(`UserGroupsClient: ${error.message}`)
      : error;
  }
}

/** {@link resolveOptions} without the prefix on its messages. */
function resolve(options: ClientOptions): ResolvedOptions {
  const fail = (problem: string): never => {
    throw new CloudflareError(problem);
  };
  const text = (name: "apiToken" | "apiKey" | "apiEmail" | "baseURL" | "accountId") => {
    const value = options[name];
    if (value != null && (typeof value !== "string" || !value.trim())) invalid(name, "a non-empty string");
    return value ?? undefined;
  };
  let token = text("apiToken");
  let key = text("apiKey");
  let email = text("apiEmail");
  if (token && (key || email)) fail("pass `apiToken`, or `apiKey` with `apiEmail`, not both.");
  // The environment fills in credentials only when the options name none.
  if (!(token || key || email)) {
    token = env("CLOUDFLARE_API_TOKEN");
    key = token ? key : env("CLOUDFLARE_API_KEY");
    email = token ? email : env("CLOUDFLARE_EMAIL");
  }
  if (!token && !(key && email))
    fail(
      `${key ? "`apiEmail` is missing" : email ? "`apiKey` is missing" : "no credentials"}: pass \`apiToken\`, or \`apiKey\` ` +
        "with `apiEmail` (or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL).",
    );
  const baseURL = (text("baseURL") ?? env("CLOUDFLARE_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  // Not echoed, and no user:password@: fetch refuses those with a message quoting the URL.
  if (!/^https?:\/\/[^/@]+(\/|$)/i.test(baseURL))
    invalid("baseURL", "an absolute http(s) URL without user:password@");
  // Checked here, not by fetch: its error would quote the value, the credential itself.
  for (const [name, value] of Object.entries({ apiToken: token, apiKey: key, apiEmail: email }))
    if (value && !isHeader("x", value))
      fail(`\`${name}\` (or its environment variable) has a character headers cannot carry (not shown).`);
  const { fetch } = options;
  if (fetch !== undefined && typeof fetch !== "function") invalid("fetch", "a function");
  return {
    baseURL,
    accountId: text("accountId"),
    ...checkSettings(options, DEFAULTS),
    log: resolveLog(options.logLevel, env("CLOUDFLARE_LOG"), options.logger ?? console, fail),
    pace: pacer(options.rateLimit),
    fetch,
    headers: {
      accept: "application/json",
      ...(token
        ? { authorization: `Bearer ${token}` }
        : { "x-auth-key": key as string, "x-auth-email": email as string }),
      ...checkHeaders(options.defaultHeaders),
    },
  };
}
