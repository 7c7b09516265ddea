import { buildPolicy, connectMockServer, defaultAccountMembers } from "@cf-user-groups/testing";
import { type MockServer, startMockServer } from "@cf-user-groups/testing/server";

/** The token the suite sends to the fake; the fake accepts only it and {@link FAKE_SECOND_TOKEN}. */
export const FAKE_TOKEN = "test-token";
/** A second accepted token, so the rate-limit scenario does not use up the suite's own. */
export const FAKE_SECOND_TOKEN = "test-token-rate-limit";
/** The fake's SCIM-managed group, seeded with one member. */
export const FAKE_SCIM_GROUP_ID = "5c1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f";
/** Any ids do for the fake's policies: it does not know permission or resource groups. */
export const FAKE_POLICY = {
  permissionGroupId: "c8fed203ed3043cba015a93ad1616f1f",
  resourceGroupId: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
};

/** The fake as a target, over HTTP on 127.0.0.1. */
export interface FakeTarget {
  server: MockServer;
  accountId: string;
  memberIds: [string, string, ...string[]];
  setRateLimit(
    options: { requests: number; windowSeconds: number; blockSeconds: number } | boolean,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the fake the way the suite runs against it: Cloudflare's rate limit
 * on (so answers carry the `Ratelimit` headers), only the suite's tokens
 * accepted (so a refused token gets the live API's 403), and one
 * SCIM-managed group with a policy and a member. Members to add come from the fake's
 * default directory.
 *
 * @example
 * ```ts
 * const fake = await startFakeTarget();
 * console.log(fake.server.baseURL);
 * await fake.close();
 * ```
 */
export async function startFakeTarget(): Promise<FakeTarget> {
  const [first, second, ...others] = defaultAccountMembers.map((member) => member.id);
  if (!first || !second) throw new Error("The fake's directory needs two members.");
  const server = await startMockServer({
    port: 0,
    seed: 1,
    auth: { tokens: [FAKE_TOKEN, FAKE_SECOND_TOKEN] },
    rateLimit: true,
    groups: [
      {
        id: FAKE_SCIM_GROUP_ID,
        name: "Synced from the identity provider",
        managedBySCIM: true,
        policies: [buildPolicy()],
        members: [first],
      },
    ],
  });
  const remote = connectMockServer(server.url);
  return {
    server,
    accountId: server.mock.accountId,
    memberIds: [first, second, ...others],
    setRateLimit: (options) => remote.setRateLimit(options),
    close: () => server.close(),
  };
}
