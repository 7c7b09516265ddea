import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, type UserGroupsMockOptions } from "../../src/index.js";
import { ACCOUNT, ALICE } from "../support/api.js";

const GROUP = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const PERMISSION = "c8fed203ed3043cba015a93ad1616f1f";

/** Options as plain JavaScript (or JSON from a file) can pass them, past the types. */
const untyped = (options: unknown) => () => createUserGroupsMock(options as UserGroupsMockOptions);

describe("createUserGroupsMock options", () => {
  it.each([
    ["auth.tokens as a string", { auth: { tokens: "abc" } }, "options.auth.tokens must be array"],
    ["auth as a string", { auth: "yes" }, "options.auth must be boolean"],
    [
      "auth keys without an email",
      { auth: { keys: [{ key: "k" }] } },
      "options.auth.keys[0] must have required property 'email'",
    ],
    [
      "a policy without permission groups",
      { groups: [{ name: "g", policies: [{ access: "allow", resource_groups: [] }] }] },
      "options.groups[0].policies[0] must have required property 'permission_groups'",
    ],
    [
      "a policy with a bad access",
      {
        groups: [{ name: "g", policies: [{ access: "maybe", permission_groups: [], resource_groups: [] }] }],
      },
      'options.groups[0].policies[0].access must be equal to one of the allowed values: "allow", "deny"',
    ],
    ["groups as a number", { groups: 5 }, "options.groups must be array"],
    [
      "a member list that is not a list",
      { groups: [{ name: "g", members: 5 }] },
      "options.groups[0].members must be array",
    ],
    [
      "a member id that is not a string",
      { accountMembers: [{ id: 7 }] },
      "options.accountMembers[0].id must be string",
    ],
    [
      "an unknown field in a group",
      { groups: [{ name: "g", polices: [] }] },
      'options.groups[0] must NOT have additional properties: unknown property "polices"',
    ],
    [
      "a bad member email",
      { accountMembers: [{ id: ALICE, email: "nope" }] },
      'options.accountMembers[0].email must match format "email"',
    ],
    ["a misspelt option", { validateResponse: true }, 'unknown option "validateResponse"'],
    ["a seed that is not a whole number", { seed: 1.5 }, "options.seed must be a whole number"],
    ["now that is not a function", { now: "2026-01-01" }, "options.now must be a function"],
    ["a negative requestLogLimit", { requestLogLimit: -1 }, "options.requestLogLimit must be a whole number"],
    [
      "a zero maxBodyBytes",
      { maxBodyBytes: 0 },
      "options.maxBodyBytes must be a whole number of bytes above 0",
    ],
    [
      "duplicate policy ids in a group",
      {
        groups: [
          {
            name: "g",
            policies: [
              { id: GROUP, access: "allow", permission_groups: [], resource_groups: [] },
              { id: GROUP, access: "deny", permission_groups: [], resource_groups: [] },
            ],
          },
        ],
      },
      `options.groups[0].policies[1].id ${GROUP} is listed twice`,
    ],
    ["options that are not an object", 5, "options must be an object"],
  ])("refuses %s, naming the path", (_, options, message) => {
    expect(untyped(options)).toThrow(TypeError);
    expect(untyped(options)).toThrow(`createUserGroupsMock: ${message}`);
  });

  it("accepts JSON-shaped seed data and Infinity for requestLogLimit", () => {
    const mock = createUserGroupsMock({
      requestLogLimit: Number.POSITIVE_INFINITY,
      auth: { tokens: ["abc"], keys: [{ key: "k", email: "a@example.com" }] },
      groups: [
        {
          id: GROUP,
          name: "Seeded",
          policies: [
            {
              access: "allow",
              permission_groups: [{ id: PERMISSION, name: "Zone Read" }],
              resource_groups: [],
            },
          ],
        },
      ],
    });
    expect(mock.store.getUserGroup(GROUP)?.policies?.[0]?.permission_groups).toEqual([
      { id: PERMISSION, name: "Zone Read" },
    ]);
  });

  it("matches tokens exactly, never as substrings", async () => {
    const mock = createUserGroupsMock({ auth: { tokens: ["abc"] } });
    const as = (apiToken: string) =>
      new UserGroupsClient({
        apiToken,
        accountId: ACCOUNT,
        fetch: mock.fetch,
        maxRetries: 0,
      }).iam.userGroups.list();
    await expect(as("b")).rejects.toMatchObject({ status: 403, errors: [{ code: 10000 }] });
    await expect(as("ab")).rejects.toMatchObject({ status: 403 });
    await expect(as("abc")).resolves.toMatchObject({ result: [] });
  });
});
