import { filterRequests, type MockSnapshot, type RequestFilter, violationReports } from "../core/controls.js";
import type { Fake } from "../core/fake.js";
import type {
  FailOptions,
  FaultScope,
  NetworkErrorOptions,
  OperationTarget,
  RateLimitQuirkOptions,
} from "../core/faults.js";
import { type SeedData, schemaProblem } from "../core/mock-options.js";
import type { RateLimitOptions } from "../core/rate-limit.js";
import { readBody } from "../core/request-body.js";
import { ErrorCodes, failureEnvelope } from "../envelope.js";
import type { Validator } from "../generated/validators.js";
import * as validators from "../generated/validators.js";
import { inspectorResponse } from "./inspector-page.js";

/** The prefix the control plane is served under, after WireMock's. */
export const ADMIN_PATH = "/__admin";

/** What the control plane needs beyond the fake. */
export interface AdminOptions {
  /** The largest request body read, in bytes. */
  maxBodyBytes: number;
  /** Saves the state file now and resolves to its path; without it, `POST /__admin/state/save` is a 409. */
  saveState?: (() => Promise<string>) | undefined;
}

const generated = validators as unknown as Record<string, Validator | undefined>;

type Reply = { status: number; body: unknown } | Response;
type Route = (context: { request: Request; url: URL; body: unknown }) => Reply | Promise<Reply>;

const ok = (body: unknown = { status: "ok" }): Reply => ({ status: 200, body });
const problem = (status: number, code: number, message: string): Reply => ({
  status,
  body: failureEnvelope({ code, message }),
});
const done = { status: "ok" } as const;

/**
 * The control plane as a fetch handler: `/__admin/…` requests in, JSON out,
 * each validated against `admin-openapi.json` with the same machinery as the
 * API. Every endpoint calls the fake's own control methods, so a remote test
 * and an in-process one drive the fake the same way. Bad input gets a 400
 * envelope whose message names the field, and changes nothing.
 */
export function createAdminHandler(
  fake: Fake,
  options: AdminOptions,
): (request: Request) => Promise<Response> {
  const clockState = () => ({
    now: fake.clock.now().toISOString(),
    offsetMs: fake.clock.offsetMs,
    frozen: fake.clock.frozen,
  });
  /** Runs a control method; a TypeError (bad input the schema let through) is the caller's 400. */
  const attempt = (change: () => void, reply: () => Reply = () => ok(done)): Reply => {
    try {
      change();
    } catch (error) {
      if (error instanceof TypeError) return problem(400, ErrorCodes.INVALID_BODY, error.message);
      throw error;
    }
    return reply();
  };

  const routes: Record<string, { operationId: string; run: Route }> = {
    "GET /": {
      operationId: "getInspector",
      run: () => inspectorResponse(),
    },
    "GET /health": { operationId: "getHealth", run: () => ok(done) },
    "POST /reset": {
      operationId: "resetMock",
      run: () => {
        const violations = violationReports([...fake.violations]);
        try {
          fake.reset();
        } catch {
          // The violations it throws for are in the reply.
        }
        return ok({ status: "ok", violations });
      },
    },
    "GET /requests": {
      operationId: "listRequests",
      run: ({ url }) =>
        ok({ requests: filterRequests(fake.requests, query("listRequests", url) as RequestFilter) }),
    },
    "DELETE /requests": {
      operationId: "clearRequests",
      run: ({ url }) => attempt(() => fake.clearRequests(query("clearRequests", url) as FaultScope)),
    },
    "GET /state": { operationId: "getState", run: () => ok(fake.snapshot()) },
    "PUT /state": {
      operationId: "putState",
      run: ({ body }) => attempt(() => fake.restore(body as MockSnapshot | SeedData)),
    },
    "POST /state/save": {
      operationId: "saveState",
      run: async () =>
        options.saveState
          ? ok({ status: "ok", path: await options.saveState() })
          : problem(409, ErrorCodes.NO_ROUTE, "This server has no state file: start it with --state <file>."),
    },
    "POST /faults": {
      operationId: "addFault",
      run: ({ body }) => {
        const { kind, operationId, ...rest } = body as {
          kind: string;
          operationId: OperationTarget;
        } & Record<string, unknown>;
        return attempt(() => {
          if (kind === "fail") fake.fail(operationId, rest as FailOptions);
          else if (kind === "network") fake.networkError(operationId, rest as NetworkErrorOptions);
          else if (kind === "rate-limit-quirk")
            fake.rateLimitQuirk(operationId, rest as unknown as RateLimitQuirkOptions);
          else fake.delay(operationId, rest.ms as number, rest as FaultScope);
        });
      },
    },
    "DELETE /faults": {
      operationId: "clearFaults",
      run: ({ url }) => attempt(() => fake.clearFaults(query("clearFaults", url) as FaultScope)),
    },
    "GET /clock": { operationId: "getClock", run: () => ok(clockState()) },
    "DELETE /clock": {
      operationId: "resetClock",
      run: () => {
        fake.clock.reset();
        return ok(clockState());
      },
    },
    "POST /clock": {
      operationId: "setClock",
      run: ({ body }) => {
        const change = body as { advanceMs?: number; now?: string; frozen?: boolean };
        return attempt(
          () => {
            if (change.advanceMs !== undefined) fake.clock.advance(change.advanceMs);
            else fake.clock.set(change.now as string, { frozen: change.frozen ?? false });
          },
          () => ok(clockState()),
        );
      },
    },
    "GET /rate-limit": { operationId: "getRateLimit", run: () => ok(fake.rateLimit()) },
    "PUT /rate-limit": {
      operationId: "setRateLimit",
      run: ({ body }) =>
        attempt(
          () => fake.setRateLimit(body as RateLimitOptions),
          () => ok(fake.rateLimit()),
        ),
    },
    "DELETE /rate-limit": {
      operationId: "clearRateLimit",
      run: () =>
        attempt(
          () => fake.setRateLimit(false),
          () => ok(fake.rateLimit()),
        ),
    },
    "POST /accounts": {
      operationId: "createIsolatedAccount",
      run: () => ok({ accountId: fake.isolatedAccount() }),
    },
  };

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(ADMIN_PATH.length).replace(/(?<=.)\/$/, "") || "/";
    // The one route with an id in its path: DELETE /__admin/accounts/{accountId}.
    const released = request.method === "DELETE" ? /^\/accounts\/([^/]+)$/.exec(path)?.[1] : undefined;
    if (released !== undefined) {
      request.body?.cancel().catch(() => {});
      return reply(attempt(() => fake.releaseAccount(decodeURIComponent(released))));
    }
    const route = routes[`${request.method} ${path}`];
    if (!route) {
      request.body?.cancel().catch(() => {});
      const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
      return reply(
        known
          ? problem(405, ErrorCodes.NO_ROUTE, `${request.method} is not supported on ${ADMIN_PATH}${path}.`)
          : problem(404, ErrorCodes.NO_ROUTE, `No control-plane endpoint at ${url.pathname}.`),
      );
    }
    const invalidQuery = checkQuery(route.operationId, url);
    if (invalidQuery) {
      request.body?.cancel().catch(() => {});
      return reply(problem(400, ErrorCodes.INVALID_QUERY, invalidQuery));
    }
    const validateBody = generated[`admin_${route.operationId}_body`];
    let body: unknown;
    if (validateBody) {
      const read = await readBody(request, options.maxBodyBytes);
      if ("tooLarge" in read) {
        return reply(
          problem(
            413,
            ErrorCodes.BODY_TOO_LARGE,
            `The request body is larger than ${options.maxBodyBytes} bytes.`,
          ),
        );
      }
      try {
        body = JSON.parse(read.text);
      } catch {
        return reply(problem(400, ErrorCodes.MALFORMED_JSON, "The request body is not valid JSON."));
      }
      const invalid = schemaProblem(validateBody, body, "body");
      if (invalid) return reply(problem(400, ErrorCodes.INVALID_BODY, `${invalid}.`));
    } else request.body?.cancel().catch(() => {});
    return reply(await route.run({ request, url, body }));
  };
}

/** An operation's query, with numbers as the spec types them. */
function query(operationId: string, url: URL): Record<string, unknown> {
  const types = validators.queryTypes[`admin_${operationId}`] ?? {};
  const values: Record<string, unknown> = {};
  for (const [name, value] of url.searchParams) {
    values[name] = types[name] === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return values;
}

/** The first problem with the query, naming the parameter, or undefined. */
function checkQuery(operationId: string, url: URL): string | undefined {
  const validate = generated[`admin_${operationId}_query`];
  if (!validate) return undefined;
  const invalid = schemaProblem(validate, query(operationId, url), "query");
  return invalid && `${invalid}.`;
}

function reply(result: Reply): Response {
  if (result instanceof Response) return result;
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
