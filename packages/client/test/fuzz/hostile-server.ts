// A hostile server for fuzzing the client: fast-check picks a script of
// responses (request n gets response n, cycling), each a status, headers and a
// body that may be an honest page, a page that lies (repeated or id-less
// items, missing or odd result_info, totals that keep growing), a broken
// envelope (any JSON value, wrong types), text, a body sized around the
// client's maxResponseBytes, a connection reset or a stall. It also picks the
// call and its options. `expectSound` checks what any call must satisfy.

import fc from "fast-check";
import { expect } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CloudflareError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  type RequestOptions,
  ResponseTooLargeError,
  UnprocessableEntityError,
  type UserGroupsClient,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { everyWayToShow } from "../support/scripted-fetch.js";

export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const GROUP = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";
/** Every credential the fuzzed clients hold; none may ever show in an error. */
export const SECRET = "SECRET_fuzz_4b1d";

const hex = (n: number) => n.toString(16).padStart(32, "0");

/** Where an item's id comes from: the page asked for (honest), a small pool (repeats), a counter (always new), or nowhere. */
type IdSource = "page" | "pool" | "fresh" | "none";

/** What a page's result_info says. */
type InfoSpec =
  | { kind: "missing" }
  | { kind: "honest"; total: number }
  | { kind: "growing" }
  | { kind: "fixed"; page: number; per_page: number; total_count: number }
  | { kind: "any"; value: unknown };

/** One response of the script. */
export type Spec =
  | { kind: "page"; status: number; ids: IdSource; count: number; info: InfoSpec; headers: Headers_ }
  | { kind: "json"; status: number; body: unknown; headers: Headers_ }
  | { kind: "errorEnvelope"; status: number; errors: unknown; messages: unknown; headers: Headers_ }
  | { kind: "text"; status: number; text: string; headers: Headers_ }
  | { kind: "sized"; status: number; delta: number; headers: Headers_ }
  | { kind: "empty"; status: number; headers: Headers_ }
  | { kind: "reset" }
  | { kind: "stall" };

type Headers_ = Record<string, string>;

const status = fc.oneof(
  { weight: 14, arbitrary: fc.constant(200) },
  fc.constantFrom(201, 301, 302, 307, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 502, 503, 504),
);
// Retry delays stay tiny so a run takes milliseconds; x-should-retry overrides the status's default.
const headers: fc.Arbitrary<Headers_> = fc.record(
  {
    "retry-after-ms": fc.constantFrom("0", "1", "2"),
    "x-should-retry": fc.constantFrom("true", "false"),
  },
  { requiredKeys: ["retry-after-ms"] },
);
const info: fc.Arbitrary<InfoSpec> = fc.oneof(
  fc.constant({ kind: "missing" as const }),
  fc.record({ kind: fc.constant("honest" as const), total: fc.nat(60) }),
  fc.constant({ kind: "growing" as const }),
  fc.record({
    kind: fc.constant("fixed" as const),
    page: fc.integer({ min: -2, max: 5 }),
    per_page: fc.integer({ min: -1, max: 10 }),
    total_count: fc.integer({ min: -1, max: 1_000 }),
  }),
  fc.record({ kind: fc.constant("any" as const), value: fc.jsonValue({ maxDepth: 2 }) }),
);
const page = (status: fc.Arbitrary<number>) =>
  fc.record({
    kind: fc.constant("page" as const),
    status,
    ids: fc.constantFrom<IdSource>("page", "page", "pool", "fresh", "none"),
    count: fc.nat(6),
    info,
    headers,
  });
const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 8, arbitrary: page(status) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("json" as const),
      status,
      body: fc.jsonValue({ maxDepth: 3 }),
      headers,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("errorEnvelope" as const),
      status,
      errors: fc.jsonValue({ maxDepth: 2 }),
      messages: fc.jsonValue({ maxDepth: 2 }),
      headers,
    }),
  },
  fc.record({ kind: fc.constant("text" as const), status, text: fc.string({ maxLength: 300 }), headers }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("sized" as const),
      status,
      delta: fc.integer({ min: -3, max: 3 }),
      headers,
    }),
  },
  fc.record({ kind: fc.constant("empty" as const), status: fc.constantFrom(200, 204, 404, 503), headers }),
  fc.constant({ kind: "reset" as const }),
  fc.constant({ kind: "stall" as const }),
);

/** The calls a fuzzed client makes; lists are iterated to the end with `for await`. */
export type CallName =
  | "userGroups.get"
  | "userGroups.delete"
  | "userGroups.create"
  | "userGroups.update"
  | "userGroups.list"
  | "members.get"
  | "members.delete"
  | "members.create"
  | "members.update"
  | "members.list"
  | "raw.GET";

export interface Scenario {
  script: Spec[];
  call: CallName;
  options: { maxRetries: number; maxPages: number; maxResponseBytes: number; timeout: number };
  query: { page?: number; per_page?: number };
  auth: "token" | "key" | "defaultHeaders";
}

export const scenario = (timeouts: { timeout: number }): fc.Arbitrary<Scenario> =>
  fc.record({
    // Scripts of 200 pages only make the long listings where pagination can go wrong.
    script: fc.oneof(
      fc.array(spec, { minLength: 1, maxLength: 12 }),
      fc.array(page(fc.constant(200)), { minLength: 1, maxLength: 6 }),
    ),
    // Half the calls are listings, iterated to the end: they make the most requests.
    call: fc.oneof(
      fc.constantFrom<CallName>("userGroups.list", "members.list"),
      fc.constantFrom<CallName>(
        "userGroups.get",
        "userGroups.delete",
        "userGroups.create",
        "userGroups.update",
        "members.get",
        "members.delete",
        "members.create",
        "members.update",
        "raw.GET",
      ),
    ),
    options: fc.record({
      maxRetries: fc.nat(3),
      maxPages: fc.integer({ min: 1, max: 12 }),
      maxResponseBytes: fc.oneof(
        fc.integer({ min: 200, max: 2_000 }),
        fc.integer({ min: 2_000, max: 50_000 }),
      ),
      timeout: fc.constant(timeouts.timeout),
    }),
    query: fc.record(
      { page: fc.integer({ min: 1, max: 4 }), per_page: fc.integer({ min: 1, max: 6 }) },
      { requiredKeys: [] },
    ),
    auth: fc.constantFrom<Scenario["auth"]>("token", "key", "defaultHeaders"),
  });

/** The client options for a scenario's credentials (the base URL and fetch come from the harness). */
export const credentials = (auth: Scenario["auth"]) =>
  auth === "token"
    ? { apiToken: `tok_${SECRET}` }
    : auth === "key"
      ? { apiKey: `key_${SECRET}`, apiEmail: `${SECRET}@example.com` }
      : { apiToken: "t", defaultHeaders: { Authorization: `Bearer hdr_${SECRET}` } };

/** What the server served, in order, for the oracle. */
export interface Served {
  kind: Spec["kind"];
  status?: number;
  /** A 2xx body larger than the call's maxResponseBytes. */
  oversized2xx?: boolean;
}

/** A response as the hostile server writes it: status, headers and body bytes, or a fault. */
export type Answer =
  | { status: number; headers: Headers_; body: Uint8Array<ArrayBuffer> | null }
  | "reset"
  | "stall";

/** The answer to request number `n` (1-based) asking for `page`, following `script`. */
export function answer(scenario: Scenario, n: number, page: number): { answer: Answer; served: Served } {
  const spec = scenario.script[(n - 1) % scenario.script.length] as Spec;
  if (spec.kind === "reset" || spec.kind === "stall")
    return { answer: spec.kind, served: { kind: spec.kind } };
  const cap = scenario.options.maxResponseBytes;
  const encode = (text: string) => new TextEncoder().encode(text);
  let body: Uint8Array<ArrayBuffer> | null;
  switch (spec.kind) {
    case "page": {
      const ids = Array.from({ length: spec.count }, (_, i) =>
        spec.ids === "page"
          ? hex(page * 100 + i)
          : spec.ids === "pool"
            ? hex(i % 3)
            : spec.ids === "fresh"
              ? hex(n * 100 + i)
              : undefined,
      );
      const result = ids.map((id) => ({
        ...(id === undefined ? {} : { id }),
        email: "u@example.com",
        status: "accepted",
      }));
      const perPage = scenario.query.per_page ?? 100;
      const result_info =
        spec.info.kind === "missing"
          ? undefined
          : spec.info.kind === "honest"
            ? { count: result.length, page, per_page: perPage, total_count: spec.info.total }
            : spec.info.kind === "growing"
              ? { count: result.length, page, per_page: perPage, total_count: n * 1_000 }
              : spec.info.kind === "fixed"
                ? { count: result.length, ...spec.info, kind: undefined }
                : spec.info.value;
      body = encode(JSON.stringify({ success: true, errors: [], messages: [], result, result_info }));
      break;
    }
    case "json":
      body = encode(JSON.stringify(spec.body));
      break;
    case "errorEnvelope":
      body = encode(
        JSON.stringify({ success: false, errors: spec.errors, messages: spec.messages, result: null }),
      );
      break;
    case "text":
      body = encode(spec.text);
      break;
    case "sized": {
      // A valid envelope padded to exactly cap + delta bytes.
      const head = '{"success":true,"errors":[],"messages":[],"result":[],"pad":"';
      body = encode(`${head}${"a".repeat(Math.max(0, cap + spec.delta - head.length - 2))}"}`);
      break;
    }
    case "empty":
      body = null;
      break;
  }
  const status = spec.kind === "empty" && spec.status === 204 ? 204 : spec.status;
  return {
    answer: { status, headers: { "content-type": "application/json", ...spec.headers }, body },
    served: {
      kind: spec.kind,
      status,
      oversized2xx: status >= 200 && status < 300 && (body?.length ?? 0) > cap,
    },
  };
}

/** Makes the scenario's call; list calls iterate every page. Resolves to the number of items seen, or the result. */
export async function makeCall(
  client: UserGroupsClient<{ accountId: string }>,
  scenario: Scenario,
  signal: AbortSignal,
): Promise<unknown> {
  const options: RequestOptions = { ...scenario.options, signal };
  const groups = client.iam.userGroups;
  const drain = async (items: AsyncIterable<unknown>) => {
    let count = 0;
    for await (const _ of items) count++;
    return count;
  };
  switch (scenario.call) {
    case "userGroups.get":
      return groups.get(GROUP, {}, options);
    case "userGroups.delete":
      return groups.delete(GROUP, {}, options);
    case "userGroups.create":
      return groups.create({ name: "Auditors" }, options);
    case "userGroups.update":
      return groups.update(GROUP, { name: "Renamed" }, options);
    case "userGroups.list":
      return drain(groups.list(scenario.query, options));
    case "members.get":
      return groups.members.get(GROUP, { user_group_id: GROUP }, options);
    case "members.delete":
      return groups.members.delete(GROUP, { user_group_id: GROUP }, options);
    case "members.create":
      return groups.members.create(GROUP, { members: [{ id: GROUP }] }, options);
    case "members.update":
      return groups.members.update(GROUP, { members: [] }, options);
    case "members.list":
      return drain(groups.members.list(GROUP, scenario.query, options));
    case "raw.GET":
      return rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
        signal,
      });
  }
}

/** The most requests a scenario's call may make: (maxRetries + 1) attempts for each of at most maxPages pages. */
export function requestBound(scenario: Scenario): number {
  return (
    (scenario.options.maxRetries + 1) * (scenario.call.endsWith(".list") ? scenario.options.maxPages : 1)
  );
}

const byStatus: Record<number, new (...args: never[]) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * What every call must satisfy, whatever the server did: it settled within
 * the request bound; a rejection is a CloudflareError whose class fits the
 * last response served; and no credential shows in it.
 */
export function expectSound(
  scenario: Scenario,
  outcome: { value: unknown } | { error: unknown },
  served: Served[],
) {
  expect(served.length).toBeLessThanOrEqual(requestBound(scenario));
  const last = served.at(-1);
  // A 2xx over the cap ends the call at once, with ResponseTooLargeError.
  const oversized = served.findIndex((entry) => entry.oversized2xx);
  if (oversized !== -1) {
    expect(oversized).toBe(served.length - 1);
    expect("error" in outcome && outcome.error).toBeInstanceOf(ResponseTooLargeError);
  }
  if (!("error" in outcome)) return;
  const { error } = outcome;
  expect(error).toBeInstanceOf(CloudflareError);
  // Every call is well-formed, so nothing may be refused as a bad argument.
  expect((error as Error).constructor).not.toBe(CloudflareError);
  expect(everyWayToShow(error)).not.toContain(SECRET);
  expect(error).not.toBeInstanceOf(APIUserAbortError); // the harness aborts only a call that overran
  if (error instanceof APIConnectionTimeoutError) expect(last?.kind).toBe("stall");
  else if (error instanceof APIConnectionError) expect(last?.kind).toBe("reset");
  else if (error instanceof APIError && error.status !== undefined) {
    expect(error.status).toBe(last?.status);
    const status = error.status;
    if (status >= 200 && status < 300) expect([APIError, ResponseTooLargeError]).toContain(error.constructor);
    else if (status < 400) expect(error.constructor).toBe(APIError);
    else if (error instanceof ResponseTooLargeError)
      expect.unreachable("an error status keeps its own class");
    else expect(error.constructor).toBe(byStatus[status] ?? (status > 499 ? InternalServerError : APIError));
  } else if (error instanceof PaginationError) {
    expect(scenario.call.endsWith(".list")).toBe(true);
  }
}

export const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
