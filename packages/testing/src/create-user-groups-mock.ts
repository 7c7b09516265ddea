import type { FailureEnvelope, OperationId, operations } from "@cf-user-groups/types";
import type { HttpHandler } from "msw";
import { createFake, type Fake, type UserGroupsMockOptions } from "./core/fake.js";
import { routes } from "./core/routes.js";
import { fakeHandlers, overrideHandler } from "./msw/handlers.js";

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
 * a `Response`, or `undefined` to let the fake answer. Whatever it returns,
 * a raw `Response` included, is checked against the spec when
 * `validateResponses` is on (see `mock.violations`).
 */
export type OverrideResolver<Op extends OperationId> = (
  context: OverrideContext<Op>,
) => OverrideResponse<Op> | Response | undefined | Promise<OverrideResponse<Op> | Response | undefined>;

/**
 * Options of an override.
 *
 * @example
 * ```ts
 * mock.override.listUserGroups(() => new Response("<html>502</html>", { status: 502 }), { once: true, validate: false });
 * ```
 */
export interface OverrideOptions {
  /** Answer only the next matching request, then let the fake (or the next handler) answer. @default false */
  once?: boolean;
  /**
   * Check what the override answers against the spec (with the mock's
   * `validateResponses` on). Turn it off for a response that is off the spec
   * on purpose, such as an HTML error page from a proxy.
   * @default true
   */
  validate?: boolean;
}

/** Per-operation override builders, keyed by operationId. */
export type Overrides = {
  [Op in OperationId]: (
    answer: OverrideResponse<Op> | OverrideResolver<Op>,
    options?: OverrideOptions,
  ) => HttpHandler;
};

/**
 * A stateful fake of the User Groups API with MSW handlers. Everything a
 * `Fake` has (store, `fetch`, faults, request log, `reset`), plus `handlers`
 * and typed `override`s. Only those two need msw, which loads on their first
 * use: `mock.fetch` and the controls work without it installed.
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
  let handlers: HttpHandler[] | undefined;
  const override = Object.fromEntries(
    routes.map(({ operationId }) => [
      operationId,
      (
        answer: OverrideResponse<typeof operationId> | OverrideResolver<typeof operationId>,
        overrideOptions = {},
      ) =>
        overrideHandler(
          fake,
          operationId,
          (context) =>
            typeof answer === "function"
              ? answer({ ...context, mock } as unknown as OverrideContext<typeof operationId>)
              : answer,
          overrideOptions,
        ),
    ]),
  ) as Overrides;
  // Copy the fake's property descriptors, so `store` stays a getter for the store reset() rebuilds.
  const mock = Object.defineProperties(
    {
      // Built on first use: msw is needed for handlers only.
      get handlers() {
        handlers ??= fakeHandlers(fake);
        return handlers;
      },
      override,
    },
    Object.getOwnPropertyDescriptors(fake),
  ) as UserGroupsMock;
  return mock;
}
