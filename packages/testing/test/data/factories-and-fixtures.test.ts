import type { OperationId } from "@cf-user-groups/types";
import { describe, expect, it } from "vitest";
import { validateResponse } from "../../src/core/response-validation.js";
import {
  buildMember,
  buildPolicy,
  buildUserGroup,
  createUserGroupsMock,
  failureEnvelope,
  fixtures,
  seedFactories,
  successEnvelope,
} from "../../src/index.js";

describe("factories", () => {
  it("build data the spec accepts", () => {
    validateResponse("getUserGroup", 200, successEnvelope(buildUserGroup()));
    validateResponse(
      "getUserGroup",
      200,
      successEnvelope(buildUserGroup({ policies: [buildPolicy({ access: "deny" })] })),
    );
    validateResponse("removeUserGroupMember", 200, successEnvelope(buildMember({ status: "pending" })));
  });

  it("apply overrides", () => {
    expect(buildUserGroup({ name: "Auditors", policies: [] })).toMatchObject({
      name: "Auditors",
      policies: [],
    });
    expect(buildMember({ email: "x@example.com" }).email).toBe("x@example.com");
    expect(buildPolicy({ access: "deny" }).access).toBe("deny");
  });

  it("are deterministic for a seed, and differ across seeds", () => {
    seedFactories(5);
    const first = [buildUserGroup(), buildMember()];
    seedFactories(5);
    expect([buildUserGroup(), buildMember()]).toEqual(first);
    seedFactories(6);
    expect(buildUserGroup().id).not.toBe(first[0]?.id);
  });

  it("build seeds a mock accepts", () => {
    const alice = buildMember();
    const mock = createUserGroupsMock({
      accountMembers: [alice],
      groups: [{ ...buildUserGroup({ name: "Built" }), members: [alice.id] }],
    });
    const [group] = mock.store.listUserGroups();
    expect(group?.name).toBe("Built");
    expect(mock.store.listMembers(group?.id as string)).toEqual([alice]);
  });
});

describe("fixtures", () => {
  const operations = Object.keys(fixtures).filter((key) => key !== "failures") as OperationId[];

  it("hold the API description's example for every operation", () => {
    expect(operations).toHaveLength(10);
    expect(fixtures.getUserGroup.response.result.name).toBe("My New User Group");
    expect(fixtures.createUserGroup.request?.name).toBe("My New User Group");
    expect(fixtures.addUserGroupMembers.request).toEqual([{ id: "023e105f4ecef8ad9ca31a8372d0c353" }]);
  });

  it.each(operations)("%s validates against the spec", (operationId) => {
    expect(() => validateResponse(operationId, 200, fixtures[operationId].response)).not.toThrow();
  });

  it("include failure envelopes that validate", () => {
    expect(Object.keys(fixtures.failures)).toEqual(["invalidIdentifier", "missingCredentials"]);
    for (const failure of Object.values(fixtures.failures)) validateResponse("getUserGroup", 400, failure);
  });

  it("a wrong body does not validate, naming the pointer", () => {
    expect(() =>
      validateResponse("getUserGroup", 200, successEnvelope({ ...buildUserGroup(), created_on: "soon" })),
    ).toThrow(
      'getUserGroup answered 200 with a body the spec does not allow: /result/created_on must match format "date-time".',
    );
    expect(() => validateResponse("listUserGroups", 200, successEnvelope([]))).toThrow(
      /must have required property 'result_info'/,
    );
    expect(() => validateResponse("getUserGroup", 500, failureEnvelope([]))).toThrow(
      /\/errors must NOT have fewer than 1 items/,
    );
  });
});
