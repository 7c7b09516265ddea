/**
 * Options for `server.listen()` / `worker.start()` that make any request no
 * handler answers fail the test, in msw 2 (`onUnhandledRequest`) and msw 3
 * (which renamed it `onUnhandledFrame`) alike.
 *
 * @example
 * ```ts
 * const server = setupServer(...mock.handlers);
 * beforeAll(() => server.listen(failOnUnhandledRequests));
 * ```
 */
export const failOnUnhandledRequests = Object.freeze({
  onUnhandledRequest: "error",
  onUnhandledFrame: "error",
} as const);
