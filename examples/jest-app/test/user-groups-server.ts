// The setup the @cf-user-groups/testing README describes for Jest: one fake,
// served by MSW for the whole file, failing on any request it does not cover,
// and reset after each test. Importing this module registers the hooks.

import { createUserGroupsMock, failOnUnhandledRequests } from "@cf-user-groups/testing";
import { afterAll, afterEach, beforeAll } from "@jest/globals";
import { setupServer } from "msw/node";

/** Account members from the fake's default directory. */
export const ALICE = "7c5dae5552338874e5053f2534d2767a";
export const BOB = "9a7806061c88ada191ed06f989cc3dac";

/** The account every test starts from: one group, with one member. */
export const mock = createUserGroupsMock({ groups: [{ name: "Auditors", members: [ALICE] }] });
export const server = setupServer(...mock.handlers);

beforeAll(() => server.listen(failOnUnhandledRequests));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());
