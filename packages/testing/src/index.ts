/**
 * A stateful, spec-validated fake of Cloudflare's IAM User Groups API for app
 * tests: MSW handlers, a plain `fetch`, typed overrides, fault injection and a
 * request log. The HTTP server lives in `@cf-user-groups/testing/server`.
 *
 * @example
 * ```ts
 * import { createUserGroupsMock } from "@cf-user-groups/testing";
 * import { setupServer } from "msw/node";
 *
 * const mock = createUserGroupsMock();
 * const server = setupServer(...mock.handlers);
 * ```
 *
 * @module
 */

export type { AuthOption } from "./core/auth.js";
export type { MockClock } from "./core/clock.js";
export {
  DEFAULT_ACCOUNT_ID,
  defaultAccountMembers,
  type Fake,
  type MockSnapshot,
  type RateLimitState,
  type RequestFilter,
  type UserGroupsMockOptions,
} from "./core/fake.js";
export type {
  FailOptions,
  FaultScope,
  NetworkErrorOptions,
  OperationTarget,
  RateLimitQuirk,
  RateLimitQuirkOptions,
} from "./core/faults.js";
export type { SeedData } from "./core/mock-options.js";
export { CLOUDFLARE_RATE_LIMIT, type RateLimitOptions } from "./core/rate-limit.js";
export { LOGGED_BODY_LIMIT, type LoggedRequest } from "./core/request-log.js";
export { ResponseValidationError } from "./core/response-validation.js";
export type { AccountMember, AccountState, MockStore, PolicySeed, UserGroupSeed } from "./core/store.js";
// The fake
export {
  createUserGroupsMock,
  type ErrorStatus,
  type OverrideContext,
  type OverrideOptions,
  type OverrideResolver,
  type OverrideResponse,
  type Overrides,
  type UserGroupsMock,
} from "./create-user-groups-mock.js";
// Envelopes, error codes, data
export { ErrorCodes, failureEnvelope, successEnvelope } from "./envelope.js";
export { buildMember, buildPolicy, buildUserGroup, seedFactories } from "./factories.js";
export { failOnUnhandledRequests } from "./fail-on-unhandled-requests.js";
export { type Fixtures, fixtures, type OperationFixture } from "./fixtures.js";
// A fake in another process
export {
  type ConnectOptions,
  connectMockServer,
  MockServerError,
  type RemoteClock,
  type RemoteMock,
} from "./remote/connect-mock-server.js";
