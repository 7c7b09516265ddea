// The setup the @cf-user-groups/testing README describes: one fake, served by
// MSW for the whole run, failing on any request it does not cover, and reset
// after each test.
import { createUserGroupsMock, failOnUnhandledRequests } from "@cf-user-groups/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/** Account members the tests use, from the fake's default directory. */
export const ALICE = "7c5dae5552338874e5053f2534d2767a";
export const BOB = "9a7806061c88ada191ed06f989cc3dac";
export const CAROL = "b0d8a9f4c3e5d6f7a8b9c0d1e2f3a4b5";
export const ZONE_READ = "c8fed203ed3043cba015a93ad1616f1f";
export const ZONE_EDIT = "e6d0a6f0b1c2d3e4f5a6b7c8d9e0f1a2";
export const ALL_ZONES = "6d7f2f5f5b1d4a0e9081fdc98d432fd1";

const policy = (permission: string) => ({
  access: "allow" as const,
  permission_groups: [{ id: permission }],
  resource_groups: [
    {
      id: ALL_ZONES,
      scope: { key: "com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353", objects: [{ key: "*" }] },
    },
  ],
});

/** The account as every test starts it: three groups, with members. */
export const mock = createUserGroupsMock({
  validateResponses: true,
  groups: [
    { name: "Billing", policies: [policy(ZONE_READ)], members: [ALICE] },
    { name: "Zone editors", policies: [policy(ZONE_EDIT)], members: [ALICE, BOB] },
    { name: "Legacy admins", policies: [policy(ZONE_EDIT)], members: [CAROL] },
  ],
});
export const server = setupServer(...mock.handlers);

beforeAll(() => server.listen(failOnUnhandledRequests));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());
