import type { OperationId } from "@cf-user-groups/types";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import { failure, type OperationContext, type OperationResult } from "../operations/context.js";
import { memberOperations } from "../operations/members.js";
import { userGroupOperations } from "../operations/user-groups.js";
import { checkCredentials } from "./auth.js";
import type { FakeState } from "./fake-state.js";
import type { RateLimitQuirk } from "./faults.js";
import { credentialOf } from "./rate-limit.js";
import { readBody } from "./request-body.js";
import { type LoggedRequest, loggedBody, redactHeaders } from "./request-log.js";
import { decodePathSegment, validateBody, validatePath, validateQuery } from "./request-validation.js";
import { findRoute, matchPath, routeOf } from "./routes.js";

/**
 * What an override decided: a JSON body with a status and headers, a ready
 * `Response`, or undefined to let the fake answer.
 */
export type OverrideOutcome =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  | Response
  | undefined;

/** What an override's resolver is told about the request. */
export interface OverrideRequest {
  request: Request;
  /** The path ids, decoded. */
  params: Record<string, string>;
  /** The query parameters, as sent. */
  query: Record<string, string>;
  /** The parsed JSON body, if any (not validated). */
  body: unknown;
}

const operations: Partial<Record<OperationId, (context: OperationContext) => OperationResult>> = {
  ...userGroupOperations,
  ...memberOperations,
};

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/**
 * Waits `ms`; resolves `true` at once if the request is aborted first. It
 * does not reject: nobody waits for the answer to an aborted request, and a
 * handler that throws makes MSW print the error.
 */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(signal.aborted);
  return new Promise((resolve) => {
    const abort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", abort);
      resolve(false);
    }, ms);
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
  });
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function entryFor(request: Request, url: URL, operationId: OperationId | undefined): LoggedRequest {
  return {
    operationId,
    method: request.method,
    path: url.pathname,
    params: {},
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    headers: redactHeaders(request.headers),
    status: 0,
    source: "fake",
    at: "",
  };
}

function tooLarge(state: FakeState, entry: LoggedRequest, bytes: number): Response {
  Object.assign(entry, { body: undefined, bodyBytes: bytes, bodyTruncated: true, status: 413 });
  state.record(entry);
  return json(
    413,
    failureEnvelope({
      code: ErrorCodes.BODY_TOO_LARGE,
      message: `The request body is larger than ${state.maxBodyBytes} bytes.`,
    }),
  );
}

/** The body, or undefined (logged as aborted) when the client went away before sending all of it. */
async function readBodyOrAbort(state: FakeState, request: Request, entry: LoggedRequest) {
  try {
    return await readBody(request, state.maxBodyBytes);
  } catch {
    entry.status = "aborted";
    state.record(entry);
    return undefined;
  }
}

/** Everything between reading the request and answering it; synchronous, so each request changes the store atomically. */
function execute(
  state: FakeState,
  operationId: OperationId,
  headers: Headers,
  url: URL,
  rawParams: Record<string, string>,
  text: string,
  entry: LoggedRequest,
): OperationResult {
  const denied = checkCredentials(headers, state.auth);
  if (denied) return denied;
  const path = validatePath(url.pathname, rawParams);
  if ("failure" in path) return path.failure;
  entry.params = path.params;
  const query = validateQuery(operationId, url.searchParams);
  if ("failure" in query) return query.failure;
  const body = validateBody(operationId, text);
  if ("failure" in body) return body.failure;
  const params = path.params as OperationContext["params"];
  const handler = operations[operationId] as (context: OperationContext) => OperationResult;
  const { store, ids } = state;
  return handler({
    account: store.read(params.account_id),
    writableAccount: () => store.account(params.account_id),
    accountId: params.account_id,
    params,
    query: query.query,
    body: body.body,
    now: state.clock.now().toISOString(),
    newId: () => ids.next(),
    scrambleOrder: state.scrambleOrder,
  });
}

/** Answers a request for a known operation: faults, delays, validation, the operation, the log. */
export async function handleOperation(
  state: FakeState,
  operationId: OperationId,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url);
  const rawParams = matchPath(routeOf(operationId), url.pathname)?.params ?? {};
  const entry = entryFor(request, url, operationId);
  entry.params = rawParams;
  const read = await readBodyOrAbort(state, request, entry);
  if (read === undefined) return Response.error();
  if ("tooLarge" in read) return tooLarge(state, entry, read.tooLarge);
  Object.assign(entry, loggedBody(read.text));
  // Logged when answered, not on arrival: with delays, a later request may be
  // answered first, and the log must list changes in the order they were made.
  // Faults may be scoped to an account: the raw id is enough to match one (a bad id matches none).
  const accountId = decodePathSegment(rawParams.account_id ?? "");
  if (await sleep(state.faults.delayFor(operationId, accountId), request.signal)) {
    entry.status = "aborted";
    state.record(entry);
    return Response.error();
  }
  state.record(entry);

  // Cloudflare's rate limit comes before anything else the API does.
  const credential = state.rateLimiter ? credentialOf(request.headers) : undefined;
  const limited =
    credential === undefined ? undefined : state.rateLimiter?.take(credential, state.clock.now().getTime());
  if (limited && !limited.allowed) {
    const result = failure(
      429,
      ErrorCodes.RATE_LIMITED,
      "Please wait and consider throttling your request speed",
    );
    entry.status = 429;
    state.check(operationId, 429, result.body, entry);
    return json(429, result.body, { ...limited.headers, "retry-after": String(limited.retryAfter) });
  }
  const rateHeaders = limited?.headers;

  const fault = state.faults.take(operationId, accountId);
  if (fault?.kind === "network" && !fault.afterApply) {
    entry.status = "network-error";
    entry.source = "fault";
    return Response.error();
  }
  if (fault?.kind === "quirk") {
    // Off the spec on purpose, as the live API has been seen to answer: not validated.
    entry.status = 429;
    entry.source = "fault";
    return quirkResponse(fault.quirk, fault.retryAfter, rateHeaders);
  }
  let result: OperationResult;
  let headers: Record<string, string> | undefined = rateHeaders;
  if (fault && fault.kind !== "network") {
    entry.source = "fault";
    result = { status: fault.status, body: failureEnvelope(fault.errors) };
    if (fault.retryAfter !== undefined) headers = { ...headers, "retry-after": String(fault.retryAfter) };
  } else {
    try {
      result = execute(state, operationId, request.headers, url, rawParams, read.text, entry);
    } catch (error) {
      // A bug in the fake: answer with the error rather than crash the caller's server.
      result = failure(500, ErrorCodes.INTERNAL_ERROR, `The fake failed: ${String(error)}`);
    }
  }
  if (fault?.kind === "network") {
    // Applied, then dropped: the store changed, and the answer never leaves.
    entry.status = "network-error";
    entry.source = "fault";
    return Response.error();
  }
  entry.status = result.status;
  state.check(operationId, result.status, result.body, entry);
  return json(result.status, result.body, headers);
}

/** A 429 the way the live API sometimes breaks its own rules (see `RateLimitQuirk`). */
function quirkResponse(
  quirk: RateLimitQuirk,
  retryAfter: number,
  rateHeaders: Record<string, string> | undefined,
): Response {
  const headers = { "content-type": "application/json", ...rateHeaders };
  if (quirk === "empty-body") return new Response(null, { status: 429, headers });
  if (quirk === "null-body") return new Response("null", { status: 429, headers });
  const body = {
    ...failureEnvelope({
      code: ErrorCodes.RATE_LIMITED,
      message: "Please wait and consider throttling your request speed",
    }),
    retry_after: retryAfter,
  };
  return new Response(JSON.stringify(body), { status: 429, headers: { ...headers, "retry-after": "0" } });
}

/** Answers any request: routes it to its operation, or 400 (code 7000) when it matches none. */
export async function handleRequest(state: FakeState, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const found = findRoute(request.method, url.pathname);
  if (found) return handleOperation(state, found.route.operationId, request);
  const entry = entryFor(request, url, undefined);
  const read = await readBodyOrAbort(state, request, entry);
  if (read === undefined) return Response.error();
  if ("tooLarge" in read) return tooLarge(state, entry, read.tooLarge);
  const result = failure(400, ErrorCodes.NO_ROUTE, "No route for that URI");
  Object.assign(entry, loggedBody(read.text), { status: result.status });
  state.record(entry);
  return json(result.status, result.body);
}

/**
 * Answers a request with an override's outcome: decodes the request for
 * `resolve`, then validates and logs what it returns. Resolves to undefined
 * when the override passes.
 */
export async function handleOverride(
  state: FakeState,
  operationId: OperationId,
  request: Request,
  resolve: (request: OverrideRequest) => OverrideOutcome | Promise<OverrideOutcome>,
  { validate = true }: { validate?: boolean } = {},
): Promise<Response | undefined> {
  const url = new URL(request.url);
  const raw = matchPath(routeOf(operationId), url.pathname)?.params ?? {};
  const params = Object.fromEntries(
    Object.entries(raw).map(([name, value]) => [name, decodePathSegment(value) ?? value]),
  );
  const entry = entryFor(request, url, operationId);
  entry.params = params;
  // Read a copy: when the resolver passes, the fake reads the original.
  const read = request.body ? await readBody(request.clone(), state.maxBodyBytes) : { text: "" };
  if ("tooLarge" in read) return tooLarge(state, entry, read.tooLarge);
  const logged = loggedBody(read.text);
  const outcome = await resolve({ request, params, query: entry.query, body: logged.body });
  if (outcome === undefined) return undefined;
  Object.assign(entry, logged, { source: "override" });
  const response =
    outcome instanceof Response ? outcome : json(outcome.status ?? 200, outcome.body, outcome.headers);
  entry.status = response.status;
  if (validate) {
    // A raw Response is checked too: read a copy, so the app still gets the whole body.
    const body = outcome instanceof Response ? parseOrText(await outcome.clone().text()) : outcome.body;
    state.check(operationId, response.status, body, entry);
  }
  state.record(entry);
  return response;
}

/** Logs a request the transport refused before the fake saw it, and returns the envelope to send. */
export function refuseRequest(
  state: FakeState,
  request: { method: string; path: string; query?: Record<string, string>; headers: Headers },
  status: number,
  code: number,
  message: string,
): Response {
  state.record({
    operationId: undefined,
    method: request.method,
    path: request.path,
    params: {},
    query: request.query ?? {},
    body: undefined,
    headers: redactHeaders(request.headers),
    status,
    source: "server",
    at: "",
  });
  return json(status, failureEnvelope({ code, message }));
}
