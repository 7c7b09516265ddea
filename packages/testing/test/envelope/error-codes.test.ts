import { describe, expect, it } from "vitest";
import { ErrorCodes, fixtures } from "../../src/index.js";

// Literals on purpose: the behaviour tests compare with `ErrorCodes`, so a wrong
// value in the table would pass them all. Apps match these numbers on the wire.
describe("ErrorCodes", () => {
  it("pins every code to its wire value, and nothing else", () => {
    expect(ErrorCodes).toStrictEqual({
      INVALID_IDENTIFIER: 7003,
      NO_ROUTE: 7000,
      MISSING_CREDENTIALS: 9106,
      INVALID_HEADERS: 6003,
      AUTHENTICATION_ERROR: 10000,
      MALFORMED_JSON: 1001,
      INVALID_BODY: 1002,
      INVALID_QUERY: 1003,
      USER_GROUP_NOT_FOUND: 1004,
      MEMBER_NOT_FOUND: 1005,
      NOT_AN_ACCOUNT_MEMBER: 1006,
      POLICY_NOT_FOUND: 1007,
      INJECTED_FAILURE: 1008,
      BODY_TOO_LARGE: 1009,
      UNSUPPORTED_MEDIA_TYPE: 1010,
      HOST_NOT_ALLOWED: 1011,
      MALFORMED_REQUEST: 1012,
      INTERNAL_ERROR: 1000,
      RATE_LIMITED: 971,
      MANAGED_BY_SCIM: 1013,
    });
  });

  it("gives each failure its own code, so an app can tell them apart", () => {
    const codes = Object.values(ErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("uses the live API's codes where the spec's examples show them", () => {
    expect(fixtures.failures.missingCredentials?.errors).toEqual([
      { code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" },
    ]);
    expect(fixtures.failures.invalidIdentifier?.errors).toEqual([
      { code: 7003, message: "No route for the URI" },
    ]);
    expect(ErrorCodes.MISSING_CREDENTIALS).toBe(fixtures.failures.missingCredentials?.errors[0]?.code);
    expect(ErrorCodes.INVALID_IDENTIFIER).toBe(fixtures.failures.invalidIdentifier?.errors[0]?.code);
  });
});
