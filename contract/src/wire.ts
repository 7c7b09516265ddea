import type { OperationId } from "@cf-user-groups/types";
import type { Pacer } from "./pacer.js";

/**
 * The credentials a request carries: the target's API token, none, or
 * headers of the scenario's own (bogus credentials, never the real token).
 */
export type Auth = "token" | "none" | { headers: Record<string, string> };

/**
 * One HTTP request, described the way scenarios write it: the operation, a
 * path template with its parameters, the query, and the body.
 *
 * @example
 * ```ts
 * const request: WireRequest = {
 *   operation: "getUserGroup",
 *   method: "GET",
 *   path: "/accounts/{account_id}/iam/user_groups/{user_group_id}",
 *   params: { user_group_id: groupId },
 * };
 * ```
 */
export interface WireRequest {
  operation: OperationId;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** A path under the base URL with `{account_id}`, `{user_group_id}` and `{member_id}` placeholders. */
  path: string;
  /** Values for the placeholders; `account_id` defaults to the target's account. */
  params?: { account_id?: string; user_group_id?: string; member_id?: string };
  query?: Record<string, string | number>;
  /** A body to send as JSON. */
  json?: unknown;
  /** A body to send exactly as written (malformed JSON, say). */
  rawBody?: string;
  /** @default "application/json" when there is a body */
  contentType?: string;
  /** @default "token" */
  auth?: Auth;
}

/** What came back, read in full (up to {@link MAX_BODY_BYTES}). */
export interface WireResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
  bodyKind: "json" | "empty" | "text";
}

/** Where to send requests and with what. */
export interface WireOptions {
  /** Ends in `/client/v4`. */
  baseURL: string;
  accountId: string;
  token: string;
  /** @default globalThis.fetch, looked up on each call */
  fetch?: typeof fetch;
  pace: Pacer;
  /** A safety net against a scenario bug that loops: requests past this many are refused. */
  maxRequests: number;
  /** Once aborted, scenario requests are refused; `essential` ones (cleanup) still go out. */
  signal?: AbortSignal;
  /** Per request. @default 30000 */
  timeoutMs?: number;
}

/** Bodies larger than this are cut off: a misbehaving server cannot make the suite hold unbounded memory. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A scenario request refused because the run was interrupted (Ctrl+C). */
export class Interrupted extends Error {
  override name = "Interrupted";
}

/** A request refused because the run already sent `maxRequests`. */
export class RequestBudgetExceeded extends Error {
  override name = "RequestBudgetExceeded";
}

/**
 * An error as one line for a report: its name, message and cause, as in
 * `TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:9)`. Requests carry
 * the token only in a header, which fetch errors do not quote.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}

/** Reads at most `limit` bytes of a body; the rest is cancelled. */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}

/** `/accounts/{account_id}/…` with the values put in, each percent-encoded. */
export function fillPath(template: string, params: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

/**
 * Sends requests with plain `fetch` and explicit headers, paced, counted and
 * capped: what the suite compares is the wire, not what a client makes of it.
 *
 * @example
 * ```ts
 * const wire = new Wire({ baseURL, accountId, token, pace: createPacer({ requestsPerSecond: 2 }), maxRequests: 600 });
 * const { status, body } = await wire.send({ operation: "listUserGroups", method: "GET", path: "/accounts/{account_id}/iam/user_groups" });
 * ```
 */
export class Wire {
  readonly accountId: string;
  readonly baseURL: string;
  readonly #options: WireOptions;
  #sent = 0;

  constructor(options: WireOptions) {
    this.#options = options;
    this.accountId = options.accountId;
    this.baseURL = options.baseURL.replace(/\/+$/, "");
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /** The URL a request goes to. */
  url(request: WireRequest): URL {
    const path = fillPath(request.path, { account_id: this.accountId, ...request.params });
    const url = new URL(this.baseURL + path);
    for (const [name, value] of Object.entries(request.query ?? {}))
      url.searchParams.set(name, String(value));
    return url;
  }

  /** Sends one request; `essential` requests (cleanup) go out even after an interruption or past the budget. */
  async send(request: WireRequest, { essential = false } = {}): Promise<WireResponse> {
    const { signal, maxRequests } = this.#options;
    if (!essential && signal?.aborted) throw new Interrupted("The run was interrupted.");
    if (!essential && this.#sent >= maxRequests) {
      throw new RequestBudgetExceeded(`The run already sent ${maxRequests} requests, its limit.`);
    }
    const headers = new Headers({ accept: "application/json" });
    const auth = request.auth ?? "token";
    if (auth === "token") headers.set("authorization", `Bearer ${this.#options.token}`);
    else if (auth !== "none")
      for (const [name, value] of Object.entries(auth.headers)) headers.set(name, value);
    let body: string | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.json !== undefined) body = JSON.stringify(request.json);
    if (body !== undefined) headers.set("content-type", request.contentType ?? "application/json");
    const url = this.url(request);
    await this.#options.pace();
    this.#sent += 1;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const response = await fetchImpl(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: "manual",
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
    });
    const text = await readCapped(response, MAX_BODY_BYTES);
    if (text.trim() === "")
      return { status: response.status, headers: response.headers, body: undefined, bodyKind: "empty" };
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(text), bodyKind: "json" };
    } catch {
      return { status: response.status, headers: response.headers, body: undefined, bodyKind: "text" };
    }
  }
}
