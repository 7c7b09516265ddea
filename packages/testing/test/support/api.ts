import { type APIError, UserGroupsClient } from "@cf-user-groups/client";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  createUserGroupsMock,
  failOnUnhandledRequests,
  type UserGroupsMockOptions,
} from "../../src/index.js";

export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const ALICE = "7c5dae5552338874e5053f2534d2767a";
export const BOB = "9a7806061c88ada191ed06f989cc3dac";
export const CAROL = "b0d8a9f4c3e5d6f7a8b9c0d1e2f3a4b5";
export const DAVE = "c1e9b0a5d4f6e7a8b9c0d1e2f3a4b5c6";
export const USER = "4f5f0c14a2a41d5063dd301b2f829f04";
export const STRANGER = "ffffffffffffffffffffffffffffffff";
export const TOKEN = "test-token";

export const policy = {
  access: "allow" as const,
  permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
  resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
};

/** A fixed clock that moves one second per reading, so created_on and modified_on differ. */
export function tickingClock(start = Date.parse("2026-03-01T12:00:00.000Z")) {
  let now = start;
  return () => {
    const date = new Date(now);
    now += 1000;
    return date;
  };
}

/**
 * The way the README tells users to set up: one MSW server with the mock's
 * handlers, failing on unhandled requests, reset after each test; here with
 * response validation on, and a client pointed at it.
 */
export function useMockedApi(options: UserGroupsMockOptions = {}) {
  const mock = createUserGroupsMock({ validateResponses: true, now: tickingClock(), ...options });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen(failOnUnhandledRequests));
  afterEach(() => {
    server.resetHandlers();
    mock.reset();
  });
  afterAll(() => server.close());
  const client = new UserGroupsClient({ apiToken: TOKEN, accountId: mock.accountId, maxRetries: 0 });
  return { mock, server, client, groups: client.iam.userGroups };
}

/** The error a call rejects with, typed as the client's APIError (fails the test if it resolves). */
export function rejectionOf(call: PromiseLike<unknown>): Promise<APIError> {
  return Promise.resolve(call).then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as APIError,
  );
}
