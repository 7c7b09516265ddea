import type { OperationId } from "@cf-user-groups/types";
import type { HttpHandler } from "msw";
import type { Fake, OverrideOutcome, OverrideRequest } from "../core/fake.js";
import { routeOf, routes, urlPattern } from "../core/routes.js";
import { loadMsw } from "./load-msw.js";

/** What the MSW adapter needs to answer an override: the resolver's outcome, given the decoded request. */
export type OverrideAnswer = (request: OverrideRequest) => OverrideOutcome | Promise<OverrideOutcome>;

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * The fake as MSW handlers: one per operation on any origin, then a
 * catch-all per API path for other methods, which gets the live API's "No
 * route" 400 rather than an unhandled-request error.
 */
export function fakeHandlers(fake: Fake): HttpHandler[] {
  const { http } = loadMsw();
  const methods = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete } as const;
  return [
    ...routes.map((route) =>
      methods[route.method](urlPattern(route), ({ request }) =>
        fake.handleOperation(route.operationId, request),
      ),
    ),
    ...unique(routes.map((route) => route.path)).map((path) =>
      http.all(urlPattern({ path }), ({ request }) => fake.handle(request)),
    ),
  ];
}

/** One MSW handler that answers `operationId` with `answer` (validated and logged by the fake). */
export function overrideHandler(
  fake: Fake,
  operationId: OperationId,
  answer: OverrideAnswer,
  { once = false, validate = true }: { once?: boolean; validate?: boolean },
): HttpHandler {
  const { http } = loadMsw();
  const methods = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete } as const;
  const route = routeOf(operationId);
  return methods[route.method](
    urlPattern(route),
    ({ request }) => fake.handleOverride(operationId, request, answer, { validate }),
    { once },
  );
}
