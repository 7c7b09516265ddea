import type { FailureEnvelope, OperationId, operations } from "@cf-user-groups/types";
import { type HttpHandler, HttpResponse, http } from "msw";
import { createFake, type Fake, type UserGroupsMockOptions } from "./core/fake.js";
import { loggedBody, redactHeaders } from "./core/request-log.js";
import { decodePathSegment } from "./core/request-validation.js";
import { matchPath, routeOf, routes, urlPattern } from "./core/routes.js";

type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** HTTP statuses an override can fail with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 408 | 409 | 410 | 422 | 429 | 500 | 502 | 503 | 504;

/**
 * What an override answers: the operation's success envelope (status 200),
 * or a failure envelope with an error status. Typed from the spec.
 *
 * @example
 * ```ts
 * const answer: OverrideResponse<"deleteUserGroup"> = { body: successEnvelope({ id }) };
 * ```
 */
export type OverrideResponse<Op extends OperationId> =
  | { status?: 200; body: JsonOf<operations[Op]["responses"][200]>; headers?: Record<string, string> }
  | { status: ErrorStatus; body: FailureEnvelope; headers?: Record<string, string> };

/** What an override's resolver gets. */
export interface OverrideContext<Op extends OperationId> {
  request: Request;
  /** The path ids, decoded. */
  params: NonNullable<operations[Op]["parameters"]["path"]>;
  /** The query parameters, as sent. */
  query: Record<string, string>;
  /** The parsed JSON body, if any (not validated). */
  body: JsonOf<operations[Op]["requestBody"]> | undefined;
  /** The mock, to read or change its store. */
  mock: UserGroupsMock;
}

/**
 * Answers a request instead of the fake: return an {@link OverrideResponse},
 * a `Response`, or `undefined` to let the fake answer.
 */
export type OverrideResolver<Op extends OperationId> = (
  context: OverrideContext<Op>,
) => OverrideResponse<Op> | Response | undefined | Promise<OverrideResponse<Op> | Response | undefined>;

/** Per-operation override builders, keyed by operationId. */
export type Overrides = {
  [Op in OperationId]: (
    answer: OverrideResponse<Op> | OverrideResolver<Op>,
    options?: { once?: boolean },
  ) => HttpHandler;
};

/**
 * A stateful fake of the User Groups API with MSW handlers. Everything a
 * `Fake` has (store, `fetch`, faults, request log, `reset`), plus `handlers`
 * and typed `override`s.
 */
export interface UserGroupsMock extends Fake {
  /**
   * MSW handlers for the ten operations, on any origin
   * (`*\/accounts/:account_id/iam/user_groups…`), so custom base URLs match;
   * other methods on those paths get the API's "No route" 400 (code 7000).
   * Because any origin matches, they also answer `fetch` to a
   * `startMockServer` server running in the same process.
   *
   * @example
   * ```ts
   * const server = setupServer(...mock.handlers);
   * ```
   */
  readonly handlers: HttpHandler[];
  /**
   * One MSW handler per call that answers an operation your way, typed from
   * the spec; put it in front with `server.use(...)`.
   *
   * @example
   * ```ts
   * server.use(mock.override.getUserGroup({ status: 404, body: failureEnvelope({ code: 1004, message: "gone" }) }, { once: true }));
   * ```
   */
  readonly override: Overrides;
}

const methods = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete } as const;

/**
 * Creates a fake of Cloudflare's IAM User Groups API: an in-memory store
 * behind the ten operations, validated against the spec, served as MSW
 * handlers and as a plain `fetch`.
 *
 * @example
 * ```ts
 * const mock = createUserGroupsMock({ groups: [{ name: "Auditors" }] });
 * const server = setupServer(...mock.handlers);
 * server.listen(failOnUnhandledRequests);
 * ```
 */
export function createUserGroupsMock(options: UserGroupsMockOptions = {}): UserGroupsMock {
  const fake = createFake(options);
  const handlers = [
    ...routes.map((route) =>
      methods[route.method](urlPattern(route), ({ request }) =>
        fake.handleOperation(route.operationId, request),
      ),
    ),
    // Other methods on the API's own paths get the live API's "No route" 400,
    // as from mock.fetch and the server, rather than an unhandled-request error.
    ...unique(routes.map((route) => route.path)).map((path) =>
      http.all(urlPattern({ path }), ({ request }) => fake.handle(request)),
    ),
  ];

  const overrideFor =
    <Op extends OperationId>(operationId: Op) =>
    (answer: OverrideResponse<Op> | OverrideResolver<Op>, { once = false } = {}): HttpHandler => {
      const route = routeOf(operationId);
      return methods[route.method](
        urlPattern(route),
        async ({ request }) => {
          const url = new URL(request.url);
          // Read a copy: when the resolver passes, the fake reads the original.
          const text = request.body ? await request.clone().text() : "";
          const raw = matchPath(route, url.pathname)?.params ?? {};
          const params = Object.fromEntries(
            Object.entries(raw).map(([name, value]) => [name, decodePathSegment(value) ?? value]),
          );
          const outcome =
            typeof answer === "function"
              ? await answer({
                  request,
                  params: params as OverrideContext<Op>["params"],
                  query: Object.fromEntries(url.searchParams),
                  body: loggedBody(text) as OverrideContext<Op>["body"],
                  mock,
                })
              : answer;
          if (outcome === undefined) return undefined;
          const status = outcome instanceof Response ? outcome.status : (outcome.status ?? 200);
          if (!(outcome instanceof Response)) fake.check(operationId, status, outcome.body);
          fake.record({
            operationId,
            method: request.method,
            path: url.pathname,
            params,
            query: Object.fromEntries(url.searchParams),
            body: loggedBody(text),
            headers: redactHeaders(request.headers),
            status,
            source: "override",
          });
          return outcome instanceof Response
            ? outcome
            : HttpResponse.json(outcome.body as object, { status, headers: outcome.headers ?? {} });
        },
        { once },
      );
    };

  const override = Object.fromEntries(
    routes.map((route) => [route.operationId, overrideFor(route.operationId)]),
  ) as Overrides;
  // Copy the fake's property descriptors, so `store` stays a getter for the store reset() rebuilds.
  const mock = Object.defineProperties(
    { handlers, override },
    Object.getOwnPropertyDescriptors(fake),
  ) as UserGroupsMock;
  return mock;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];
