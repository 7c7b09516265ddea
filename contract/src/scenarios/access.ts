import type { Scenario } from "../suite.js";
import type { WireResponse } from "../wire.js";
import { count, idsOf, memberBody, op, UNKNOWN_ID } from "./requests.js";

/** Never the target's token: credentials the API must refuse. */
const BOGUS = {
  malformedAuthorization: { authorization: "Basic Y29udHJhY3Q6c3VpdGU=" },
  refusedToken: { authorization: "Bearer cf-contract-refused-token-0000000000000000" },
  keyWithoutEmail: { "x-auth-key": "cf0contract0refused0key0000000000000" },
  keyWithBadEmail: { "x-auth-key": "cf0contract0refused0key0000000000000", "x-auth-email": "not an email" },
};

/** Missing, malformed and refused credentials, on a read and on a write. */
export const credentials: Scenario = {
  name: "credentials",
  title: "Missing, malformed and refused credentials",
  operations: ["listUserGroups", "createUserGroup"],
  async run(context) {
    await context.step("list, no credentials", op.listUserGroups(undefined, { auth: "none" }));
    await context.step(
      "list, Authorization not Bearer",
      op.listUserGroups(undefined, { auth: { headers: BOGUS.malformedAuthorization } }),
    );
    await context.step(
      "list, refused token",
      op.listUserGroups(undefined, { auth: { headers: BOGUS.refusedToken } }),
    );
    await context.step(
      "list, API key without email",
      op.listUserGroups(undefined, { auth: { headers: BOGUS.keyWithoutEmail } }),
    );
    await context.step(
      "list, API key with a malformed email",
      op.listUserGroups(undefined, { auth: { headers: BOGUS.keyWithBadEmail } }),
    );
    await context.step(
      "create, no credentials",
      op.createUserGroup({ name: context.name("refused") }, { auth: "none" }),
    );
    await context.step(
      "create, refused token",
      op.createUserGroup({ name: context.name("refused") }, { auth: { headers: BOGUS.refusedToken } }),
    );
    await context.step(
      "list, the target's token",
      op.listUserGroups({ fuzzyName: context.namePrefix }),
      (result) => ({
        "none of the refused created": count(result) === 0,
      }),
    );
  },
};

/** Parses `"default";r=<n>;t=<n>` and `"default";q=<n>;w=<n>` for the facts of a header. */
function rateLimitFacts(response: WireResponse) {
  const ratelimit = response.headers.get("ratelimit");
  const policy = response.headers.get("ratelimit-policy");
  const field = (value: string | null, name: string) => {
    const match = value === null ? null : new RegExp(`(?:^|;)\\s*${name}=(\\d+)`).exec(value);
    return match ? Number(match[1]) : null;
  };
  return {
    "Ratelimit has r and t": field(ratelimit, "r") !== null && field(ratelimit, "t") !== null,
    "policy quota (q)": field(policy, "q"),
    "policy window (w)": field(policy, "w"),
  };
}

/** The rate-limit headers on ordinary answers: present, and what the policy says. */
export const rateLimitHeaders: Scenario = {
  name: "rate-limit-headers",
  title: "Ratelimit and Ratelimit-Policy headers on ordinary answers",
  operations: ["listUserGroups", "getUserGroup"],
  async run(context) {
    // Filtered to this scenario's (absent) groups, so the shape does not depend on the account's other groups.
    await context.step(
      "list",
      op.listUserGroups({ fuzzyName: context.namePrefix }),
      (_result, _body, response) => rateLimitFacts(response),
    );
    await context.step(
      "get an unknown group (404)",
      op.getUserGroup(UNKNOWN_ID),
      (_result, _body, response) => rateLimitFacts(response),
    );
  },
};

/**
 * Over the limit: only the fake can be asked to get there in a few requests.
 * Uses a second token, so the suite's own token keeps its quota.
 */
export const rateLimited: Scenario = {
  name: "rate-limited",
  title: "Over the rate limit: 429, its code, Retry-After",
  operations: ["listUserGroups"],
  requires: ["fake-controls"],
  async run(context) {
    const controls = context.target.controls;
    if (!controls) return context.stop("no control plane");
    const auth = { headers: { authorization: `Bearer ${controls.secondToken}` } };
    await controls.setRateLimit({ requests: 2, windowSeconds: 300, blockSeconds: 60 });
    try {
      await context.step(
        "request 1 of 2 allowed",
        op.listUserGroups({ fuzzyName: context.namePrefix }, { auth }),
      );
      await context.step(
        "request 2 of 2 allowed",
        op.listUserGroups({ fuzzyName: context.namePrefix }, { auth }),
      );
      await context.step(
        "request 3: over the limit",
        op.listUserGroups({ fuzzyName: context.namePrefix }, { auth }),
      );
      await context.step(
        "request 4: still blocked",
        op.listUserGroups({ fuzzyName: context.namePrefix }, { auth }),
      );
    } finally {
      await controls.setRateLimit(true);
    }
  },
};

/**
 * A group managed by SCIM: readable, but its members change only at the
 * identity provider. The only write is re-adding a member it already has,
 * which changes nothing even where it is allowed; the suite never renames or
 * deletes a group it did not create.
 */
export const scimManagedGroup: Scenario = {
  name: "scim-managed-group",
  title: "A SCIM-managed group refuses member changes",
  operations: ["getUserGroup", "listUserGroupMembers", "addUserGroupMembers"],
  requires: ["scim-group"],
  async run(context) {
    const groupId = context.target.scimGroupId;
    if (!groupId) return context.stop("no SCIM group");
    await context.step("get", op.getUserGroup(groupId));
    const listed = await context.step(
      "list members",
      op.listUserGroupMembers(groupId, { per_page: 50 }),
      (result) => ({
        "has members": (count(result) ?? 0) > 0,
      }),
    );
    const memberId = idsOf((listed.body as { result?: unknown } | undefined)?.result)[0];
    if (listed.status !== 200 || !memberId)
      return context.stop("list members: the SCIM group needs a member");
    context.placeholder(memberId, "{scim-member}");
    await context.step("re-add a member it has", op.addUserGroupMembers(groupId, memberBody(memberId)));
  },
};
