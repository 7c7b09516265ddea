import type { OperationId } from "@cf-user-groups/types";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import { failure, type OperationContext, type OperationResult } from "../operations/context.js";
import { memberOperations } from "../operations/members.js";
import { userGroupOperations } from "../operations/user-groups.js";
import { checkCredentials } from "./auth.js";
import { type FailOptions, Faults, failFault, type OperationTarget } from "./faults.js";
import { createIdGenerator } from "./ids.js";
import { checkMockOptions, DEFAULT_MAX_BODY_BYTES, type UserGroupsMockOptions } from "./mock-options.js";
import { readBody } from "./request-body.js";
import { type LoggedRequest, loggedBody, redactHeaders } from "./request-log.js";
import { decodePathSegment, validateBody, validatePath, validateQuery } from "./request-validation.js";
import { findViolation, ResponseValidationError } from "./response-validation.js";
import { findRoute, matchPath, routeOf } from "./routes.js";
import { seedStore } from "./seed.js";
import type { MockStore } from "./store.js";

export {
  DEFAULT_ACCOUNT_ID,
  defaultAccountMembers,
  type UserGroupsMockOptions,
} from "./mock-options.js";

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

/**
 * The fake itself: a store, the ten operations over it, fault injection, a
 * request log and response validation, answering fetch `Request`s with
 * `Response`s. It imports nothing but Web APIs, so it runs in Node, browsers
 * and Workers.
 */
export interface Fake {
  /** The data, for seeding checks and assertions. */
  readonly store: MockStore;
  /**
   * Every request the fake answered, dropped, or saw aborted, in the order it
   * did so: the order its changes were applied. A request still waiting out a
   * `delay` is not listed yet.
   */
  readonly requests: readonly LoggedRequest[];
  /**
   * Responses since the last `reset()` that broke the spec (with
   * `validateResponses` on). `reset()` throws the first of them.
   *
   * @example
   * ```ts
   * expect(mock.violations).toEqual([]);
   * ```
   */
  readonly violations: readonly ResponseValidationError[];
  /** The account the seeded data belongs to. */
  readonly accountId: string;
  /** Answers any request: routes it to its operation, or 400 (code 7000) when it matches none. */
  handle(request: Request): Promise<Response>;
  /** Answers a request for a known operation. */
  handleOperation(operationId: OperationId, request: Request): Promise<Response>;
  /**
   * Answers a request for a known operation with an override's outcome:
   * decodes the request for `resolve`, then validates and logs what it
   * returns. Resolves to undefined when the override passes.
   */
  handleOverride(
    operationId: OperationId,
    request: Request,
    resolve: (request: OverrideRequest) => OverrideOutcome | Promise<OverrideOutcome>,
    options?: { validate?: boolean },
  ): Promise<Response | undefined>;
  /**
   * Logs a request that never reached the fake because the transport refused
   * it (a foreign `Host`, a body that is not JSON), and returns the failure
   * envelope to send.
   */
  refuse(
    request: { method: string; path: string; query?: Record<string, string>; headers: Headers },
    status: number,
    code: number,
    message: string,
  ): Response;
  /**
   * The fake as a `fetch` function: no MSW needed. A network error rejects
   * with a `TypeError`, like a real fetch.
   *
   * @example
   * ```ts
   * const client = new UserGroupsClient({ apiToken: "test", fetch: mock.fetch });
   * ```
   */
  fetch: typeof fetch;
  /**
   * Makes the next `times` requests to an operation fail with an error envelope.
   *
   * @example
   * ```ts
   * mock.fail("createUserGroup", { status: 503, retryAfter: 2 });
   * ```
   */
  fail(target: OperationTarget, options?: FailOptions): void;
  /**
   * Makes the next `times` requests to an operation fail without a response.
   *
   * @example
   * ```ts
   * mock.networkError("listUserGroups", { times: 2 });
   * ```
   */
  networkError(target: OperationTarget, options?: { times?: number }): void;
  /**
   * Delays every request to an operation (or `"*"`) by `ms`, at most
   * 2,147,483,647 (a timer's limit); 0 removes the delay.
   *
   * @example
   * ```ts
   * mock.delay("*", 50);
   * ```
   */
  delay(target: OperationTarget, ms: number): void;
  /**
   * Restores the state the fake was created with: data, ids, faults, delays
   * and the request log. Then, if any response broke the spec since the last
   * reset, throws a `ResponseValidationError` for the first: call it in
   * `afterEach`, and the test that caused it fails.
   *
   * @example
   * ```ts
   * afterEach(() => mock.reset());
   * ```
   */
  reset(): void;
}

const noRoute = (): OperationResult => failure(400, ErrorCodes.NO_ROUTE, "No route for that URI");

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

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const operations: Partial<Record<OperationId, (context: OperationContext) => OperationResult>> = {
  ...userGroupOperations,
  ...memberOperations,
};

/** Creates the fake; see {@link UserGroupsMockOptions}. */
export function createFake(options: UserGroupsMockOptions = {}): Fake {
  checkMockOptions(options);
  const {
    seed = 1,
    now = () => new Date(),
    auth = true,
    validateResponses = true,
    requestLogLimit = Number.POSITIVE_INFINITY,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  } = options;
  const faults = new Faults();
  const requests: LoggedRequest[] = [];
  const violations: ResponseValidationError[] = [];
  // The seeded store is built once and copied on reset, so the seed data itself need not be kept.
  const seeded = seedStore(options, createIdGenerator(seed), now().toISOString());
  const accountId = seeded.store.defaultAccountId;
  let store: MockStore;
  let newId: () => string;

  const build = () => {
    store = seeded.store.clone();
    newId = createIdGenerator(seed);
    // Continue the id sequence where seeding left it.
    for (let used = 0; used < seeded.idsUsed; used++) newId();
  };
  build();

  const record = (entry: LoggedRequest) => {
    requests.push(entry);
    if (requests.length > requestLogLimit) requests.splice(0, requests.length - requestLogLimit);
  };
  /** Checks a response against the spec, recording a violation on the log entry and in `violations`. */
  const check = (operationId: OperationId, status: number, body: unknown, entry: LoggedRequest) => {
    if (!validateResponses) return;
    const violation = findViolation(operationId, status, body);
    if (!violation) return;
    violations.push(violation);
    entry.violation = violation.message;
  };
  const entryFor = (request: Request, url: URL, operationId: OperationId | undefined): LoggedRequest => ({
    operationId,
    method: request.method,
    path: url.pathname,
    params: {},
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    headers: redactHeaders(request.headers),
    status: 0,
    source: "fake",
  });
  const tooLarge = (entry: LoggedRequest, bytes: number): Response => {
    Object.assign(entry, { body: undefined, bodyBytes: bytes, bodyTruncated: true, status: 413 });
    record(entry);
    return json(
      413,
      failureEnvelope({
        code: ErrorCodes.BODY_TOO_LARGE,
        message: `The request body is larger than ${maxBodyBytes} bytes.`,
      }),
    );
  };

  /** The body, or undefined (logged as aborted) when the client went away before sending all of it. */
  const readBodyOrAbort = async (request: Request, entry: LoggedRequest) => {
    try {
      return await readBody(request, maxBodyBytes);
    } catch {
      entry.status = "aborted";
      record(entry);
      return undefined;
    }
  };

  /** Everything between reading the request and answering it; synchronous, so each request changes the store atomically. */
  const execute = (
    operationId: OperationId,
    headers: Headers,
    url: URL,
    rawParams: Record<string, string>,
    text: string,
    entry: LoggedRequest,
  ): OperationResult => {
    const denied = checkCredentials(headers, auth);
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
    return handler({
      account: store.read(params.account_id),
      writableAccount: () => store.account(params.account_id),
      accountId: params.account_id,
      params,
      query: query.query,
      body: body.body,
      now: now().toISOString(),
      newId,
    });
  };

  const handleOperation = async (operationId: OperationId, request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const rawParams = matchPath(routeOf(operationId), url.pathname)?.params ?? {};
    const entry = entryFor(request, url, operationId);
    entry.params = rawParams;
    const read = await readBodyOrAbort(request, entry);
    if (read === undefined) return Response.error();
    if ("tooLarge" in read) return tooLarge(entry, read.tooLarge);
    Object.assign(entry, loggedBody(read.text));
    // Logged when answered, not on arrival: with delays, a later request may be
    // answered first, and the log must list changes in the order they were made.
    if (await sleep(faults.delayFor(operationId), request.signal)) {
      entry.status = "aborted";
      record(entry);
      return Response.error();
    }
    record(entry);

    const fault = faults.take(operationId);
    if (fault?.kind === "network") {
      entry.status = "network-error";
      entry.source = "fault";
      return Response.error();
    }
    let result: OperationResult;
    let headers: Record<string, string> | undefined;
    if (fault) {
      entry.source = "fault";
      result = { status: fault.status, body: failureEnvelope(fault.errors) };
      if (fault.retryAfter !== undefined) headers = { "retry-after": String(fault.retryAfter) };
    } else {
      try {
        result = execute(operationId, request.headers, url, rawParams, read.text, entry);
      } catch (error) {
        // A bug in the fake: answer with the error rather than crash the caller's server.
        result = failure(500, ErrorCodes.INTERNAL_ERROR, `The fake failed: ${String(error)}`);
      }
    }
    entry.status = result.status;
    check(operationId, result.status, result.body, entry);
    return json(result.status, result.body, headers);
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const found = findRoute(request.method, url.pathname);
    if (found) return handleOperation(found.route.operationId, request);
    const entry = entryFor(request, url, undefined);
    const read = await readBodyOrAbort(request, entry);
    if (read === undefined) return Response.error();
    if ("tooLarge" in read) return tooLarge(entry, read.tooLarge);
    const result = noRoute();
    Object.assign(entry, loggedBody(read.text), { status: result.status });
    record(entry);
    return json(result.status, result.body);
  };

  const handleOverride: Fake["handleOverride"] = async (
    operationId,
    request,
    resolve,
    { validate = true } = {},
  ) => {
    const url = new URL(request.url);
    const raw = matchPath(routeOf(operationId), url.pathname)?.params ?? {};
    const params = Object.fromEntries(
      Object.entries(raw).map(([name, value]) => [name, decodePathSegment(value) ?? value]),
    );
    const entry = entryFor(request, url, operationId);
    entry.params = params;
    // Read a copy: when the resolver passes, the fake reads the original.
    const read = request.body ? await readBody(request.clone(), maxBodyBytes) : { text: "" };
    if ("tooLarge" in read) return tooLarge(entry, read.tooLarge);
    const logged = loggedBody(read.text);
    const outcome = await resolve({ request, params, query: entry.query, body: logged.body });
    if (outcome === undefined) return undefined;
    Object.assign(entry, logged, { source: "override" });
    const response =
      outcome instanceof Response ? outcome : json(outcome.status ?? 200, outcome.body, outcome.headers);
    entry.status = response.status;
    if (validateResponses && validate) {
      // A raw Response is checked too: read a copy, so the app still gets the whole body.
      const body = outcome instanceof Response ? parseOrText(await outcome.clone().text()) : outcome.body;
      check(operationId, response.status, body, entry);
    }
    record(entry);
    return response;
  };

  return {
    get store() {
      return store;
    },
    requests,
    violations,
    accountId,
    handle,
    handleOperation,
    handleOverride,
    refuse(request, status, code, message) {
      const body = failureEnvelope({ code, message });
      record({
        operationId: undefined,
        method: request.method,
        path: request.path,
        params: {},
        query: request.query ?? {},
        body: undefined,
        headers: redactHeaders(request.headers),
        status,
        source: "server",
      });
      return json(status, body);
    },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const response = await handle(request);
      // Like a real fetch: an aborted request rejects with the signal's reason.
      if (request.signal.aborted) throw request.signal.reason;
      if (response.type === "error") {
        throw new TypeError("fetch failed: network error injected by mock.networkError()");
      }
      return response;
    },
    fail(target, options) {
      faults.add(target, failFault(options), options?.times ?? 1);
    },
    networkError(target, { times = 1 } = {}) {
      faults.add(target, { kind: "network" }, times);
    },
    delay(target, ms) {
      faults.setDelay(target, ms);
    },
    reset() {
      faults.clear();
      requests.length = 0;
      build();
      const found = violations.splice(0);
      const [first] = found;
      if (!first) return;
      if (found.length === 1) throw first;
      const others = found
        .slice(1)
        .map(
          (violation) =>
            `${violation.operationId} ${violation.status} ${violation.pointer || "(root)"} ${violation.problem}`,
        );
      throw new ResponseValidationError(
        first.operationId,
        first.status,
        first.pointer,
        `${first.problem} (the first of ${found.length} responses since the last reset that broke the spec; the others: ${others.join("; ")})`,
        first.body,
      );
    },
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
