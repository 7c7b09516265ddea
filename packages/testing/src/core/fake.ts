import type { OperationId } from "@cf-user-groups/types";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import { failure, type OperationContext, type OperationResult } from "../operations/context.js";
import { memberOperations } from "../operations/members.js";
import { userGroupOperations } from "../operations/user-groups.js";
import { type AuthOption, checkCredentials } from "./auth.js";
import { type FailOptions, Faults, type OperationTarget } from "./faults.js";
import { createIdGenerator } from "./ids.js";
import { type LoggedRequest, loggedBody, redactHeaders } from "./request-log.js";
import { validateBody, validatePath, validateQuery } from "./request-validation.js";
import { validateResponse } from "./response-validation.js";
import { findRoute, matchPath, routeOf } from "./routes.js";
import { type AccountMember, MockStore, type UserGroupSeed } from "./store.js";

/**
 * Options for {@link createUserGroupsMock} and `startMockServer`.
 *
 * @example
 * ```ts
 * const mock = createUserGroupsMock({ seed: 7, groups: [{ name: "Auditors" }], validateResponses: true });
 * ```
 */
export interface UserGroupsMockOptions {
  /**
   * Seeds the ids the fake assigns, so runs are repeatable.
   * @default 1
   */
  seed?: number;
  /**
   * The clock for `created_on`, `modified_on` and `created_at`.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * The account the seeded data belongs to. Other accounts start empty.
   * @default "023e105f4ecef8ad9ca31a8372d0c353"
   */
  accountId?: string;
  /**
   * The account's member directory: who can be added to groups.
   * @default defaultAccountMembers
   */
  accountMembers?: AccountMember[];
  /** User groups to start with. */
  groups?: UserGroupSeed[];
  /**
   * Which credentials are accepted: any well-formed one (`true`), only those
   * listed, or none checked (`false`).
   * @default true
   */
  auth?: AuthOption;
  /**
   * Validate every response against the spec, throwing a
   * `ResponseValidationError` on a mismatch. On in this package's own tests.
   * @default false
   */
  validateResponses?: boolean;
  /**
   * How many requests `requests` keeps; older ones are dropped. Set it for
   * long-running servers.
   * @default Infinity
   */
  requestLogLimit?: number;
}

/** The account the fake's seeded data belongs to unless `accountId` says otherwise (the API description's example id). */
export const DEFAULT_ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

/**
 * The member directory a fake starts with when `accountMembers` is not given.
 *
 * @example
 * ```ts
 * await client.iam.userGroups.members.create(groupId, { members: [{ id: defaultAccountMembers[0].id }] });
 * ```
 */
export const defaultAccountMembers: readonly AccountMember[] = Object.freeze([
  { id: "4f5f0c14a2a41d5063dd301b2f829f04", email: "user@example.com", status: "accepted" },
  {
    id: "7c5dae5552338874e5053f2534d2767a",
    email: "alice@example.com",
    status: "accepted",
    user: { id: "1d5fdc9e88c8a8c4518b068cd94331fe", first_name: "Alice", last_name: "Smith" },
  },
  {
    id: "9a7806061c88ada191ed06f989cc3dac",
    email: "bob@example.com",
    status: "accepted",
    user: { id: "2e6fdc9e88c8a8c4518b068cd94331ff", first_name: "Bob", last_name: "Jones" },
  },
  { id: "b0d8a9f4c3e5d6f7a8b9c0d1e2f3a4b5", email: "carol@example.com", status: "pending" },
  { id: "c1e9b0a5d4f6e7a8b9c0d1e2f3a4b5c6", email: "dave@example.org", status: "accepted" },
]) as readonly AccountMember[];

/**
 * The fake itself: a store, the ten operations over it, fault injection and a
 * request log, answering fetch `Request`s with `Response`s. It imports
 * nothing but Web APIs, so it runs in Node, browsers and Workers.
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
  /** The account the seeded data belongs to. */
  readonly accountId: string;
  /** Answers any request: routes it to its operation, or 400 (code 7000) when it matches none. */
  handle(request: Request): Promise<Response>;
  /** Answers a request for a known operation. */
  handleOperation(operationId: OperationId, request: Request): Promise<Response>;
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
   * Delays every request to an operation (or `"*"`) by `ms`; 0 removes the delay.
   *
   * @example
   * ```ts
   * mock.delay("*", 50);
   * ```
   */
  delay(target: OperationTarget, ms: number): void;
  /**
   * Restores the state the fake was created with: data, ids, faults, delays and the request log.
   *
   * @example
   * ```ts
   * afterEach(() => mock.reset());
   * ```
   */
  reset(): void;
  /** Logs a request answered outside the fake (an override). */
  record(entry: LoggedRequest): void;
  /** Validates a response body when `validateResponses` is on. */
  check(operationId: OperationId, status: number, body: unknown): void;
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
  const {
    seed = 1,
    now = () => new Date(),
    accountId = DEFAULT_ACCOUNT_ID,
    auth = true,
    validateResponses = false,
    requestLogLimit = Number.POSITIVE_INFINITY,
  } = options;
  const faults = new Faults();
  const requests: LoggedRequest[] = [];
  // The seeded store is built once and copied on reset, so the seed data itself need not be kept.
  const seeded = seedStore(options, accountId, createIdGenerator(seed), now().toISOString());
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
  const check = (operationId: OperationId, status: number, body: unknown) => {
    if (validateResponses) validateResponse(operationId, status, body);
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
      account: store.account(params.account_id),
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
    const text = request.body ? await request.text() : "";
    const entry: LoggedRequest = {
      operationId,
      method: request.method,
      path: url.pathname,
      params: rawParams,
      query: Object.fromEntries(url.searchParams),
      body: loggedBody(text),
      headers: redactHeaders(request.headers),
      status: 0,
      source: "fake",
    };
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
      result = execute(operationId, request.headers, url, rawParams, text, entry);
    }
    entry.status = result.status;
    check(operationId, result.status, result.body);
    return json(result.status, result.body, headers);
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const found = findRoute(request.method, url.pathname);
    if (found) return handleOperation(found.route.operationId, request);
    const result = noRoute();
    record({
      operationId: undefined,
      method: request.method,
      path: url.pathname,
      params: {},
      query: Object.fromEntries(url.searchParams),
      body: loggedBody(request.body ? await request.text() : ""),
      headers: redactHeaders(request.headers),
      status: result.status,
      source: "fake",
    });
    return json(result.status, result.body);
  };

  return {
    get store() {
      return store;
    },
    requests,
    accountId,
    handle,
    handleOperation,
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
    fail(target, { status = 500, errors, retryAfter, times = 1 } = {}) {
      if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new TypeError("`status` must be an HTTP error status, 400 to 599.");
      }
      const entries = errors ?? [{ code: ErrorCodes.INJECTED_FAILURE, message: "Injected failure" }];
      if (entries.length === 0)
        throw new TypeError("`errors` needs at least one entry: failure envelopes always have one.");
      faults.add(
        target,
        { kind: "fail", status, errors: entries, ...(retryAfter === undefined ? {} : { retryAfter }) },
        times,
      );
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
    },
    record,
    check,
  };
}

/** A store holding the seeded directory and groups, after checking they make sense, and how many ids seeding took. */
function seedStore(
  options: UserGroupsMockOptions,
  accountId: string,
  nextId: () => string,
  createdOn: string,
): { store: MockStore; idsUsed: number } {
  let idsUsed = 0;
  const newId = () => {
    idsUsed++;
    return nextId();
  };
  const fail = (message: string): never => {
    throw new TypeError(`createUserGroupsMock: ${message}`);
  };
  const isId = (id: unknown) => typeof id === "string" && id.length === 32;
  if (!isId(accountId))
    fail(`accountId must be a 32-character identifier, got ${JSON.stringify(accountId)}.`);
  const store = new MockStore(accountId);
  const account = store.account();
  for (const member of options.accountMembers ?? defaultAccountMembers) {
    if (!isId(member?.id))
      fail(`account member ids must be 32-character identifiers, got ${JSON.stringify(member?.id)}.`);
    if (account.directory.has(member.id)) fail(`account member ${member.id} is listed twice.`);
    account.directory.set(member.id, account.intern(member));
  }
  for (const seed of options.groups ?? []) {
    if (typeof seed?.name !== "string" || seed.name === "")
      fail("every seeded group needs a non-empty name.");
    const id = seed.id ?? newId();
    if (!isId(id)) fail(`seeded group ids must be 32-character identifiers, got ${JSON.stringify(id)}.`);
    if (account.groups.has(id)) fail(`group ${id} is seeded twice.`);
    for (const memberId of seed.members ?? []) {
      if (!account.directory.has(memberId)) {
        fail(`group "${seed.name}" lists member ${memberId}, who is not in accountMembers.`);
      }
      account.writableMembersOf(id).set(memberId, createdOn);
    }
    account.groups.set(id, {
      id,
      name: seed.name,
      created_on: seed.created_on ?? createdOn,
      modified_on: seed.modified_on ?? seed.created_on ?? createdOn,
      policies: (seed.policies ?? []).map((policy) =>
        Object.freeze({ ...account.intern(policy), id: policy.id ?? newId() }),
      ),
    });
  }
  account.changed();
  return { store, idsUsed };
}
