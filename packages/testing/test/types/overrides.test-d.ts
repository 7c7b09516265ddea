import type { FailureEnvelope, MemberDetail, UserGroup } from "@cf-user-groups/types";
import type { HttpHandler } from "msw";
import { describe, expectTypeOf, it } from "vitest";
import {
  createUserGroupsMock,
  failureEnvelope,
  type OverrideResponse,
  successEnvelope,
} from "../../src/index.js";

const mock = createUserGroupsMock();
const group: UserGroup = {
  id: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
  name: "x",
  created_on: "2026-01-01T00:00:00Z",
  modified_on: "2026-01-01T00:00:00Z",
};

describe("mock.override", () => {
  it("has one typed builder per operation, returning an MSW handler", () => {
    expectTypeOf(mock.override.getUserGroup({ body: successEnvelope(group) })).toEqualTypeOf<HttpHandler>();
    expectTypeOf(mock.override).toHaveProperty("removeUserGroupMember");
    // @ts-expect-error - not an operation of this API
    mock.override.listZones;
  });

  it("types the body by the operation's success response", () => {
    mock.override.deleteUserGroup({ body: successEnvelope({ id: group.id }) });
    // @ts-expect-error - deleteUserGroup's result needs the id of the deleted group
    mock.override.deleteUserGroup({ body: successEnvelope({ name: "x" }) });
    // @ts-expect-error - getUserGroup's result is one group, not a list
    mock.override.getUserGroup({ body: successEnvelope([group]) });
    mock.override.listUserGroups({
      body: successEnvelope([group], { count: 1, page: 1, per_page: 100, total_count: 1 }),
    });
  });

  it("error statuses take a failure envelope", () => {
    mock.override.getUserGroup({ status: 404, body: failureEnvelope({ code: 1004, message: "gone" }) });
    // @ts-expect-error - a 404 needs a failure envelope, not a success
    mock.override.getUserGroup({ status: 404, body: successEnvelope(group) });
    // A body every error status takes, so below the status is the only thing that can be wrong.
    const gone = failureEnvelope({ code: 1004, message: "gone" });
    mock.override.getUserGroup({ status: 410, body: gone });
    // @ts-expect-error - 299 is not a status overrides know
    mock.override.getUserGroup({ status: 299, body: gone });
    type Status = NonNullable<OverrideResponse<"getUserGroup">["status"]>;
    // @ts-expect-error - 299 is not a status overrides know
    const unknown: Status = 299;
    void unknown;
  });

  it("resolvers get typed params and body", () => {
    mock.override.getUserGroupMember(({ params }) => {
      expectTypeOf(params.member_id).toEqualTypeOf<string>();
      expectTypeOf(params.user_group_id).toEqualTypeOf<string>();
      const detail: MemberDetail = { id: params.member_id };
      return { body: successEnvelope(detail) };
    });
    mock.override.addUserGroupMembers(({ body }) => {
      expectTypeOf(body).toEqualTypeOf<{ id: string }[] | undefined>();
      return undefined;
    });
    mock.override.createUserGroup(({ body }) => {
      expectTypeOf(body?.name).toEqualTypeOf<string | undefined>();
      return { status: 422, body: failureEnvelope({ code: 1002, message: "no" }) };
    });
  });

  it("envelope builders are typed", () => {
    expectTypeOf(failureEnvelope({ code: 1, message: "m" })).toEqualTypeOf<FailureEnvelope>();
    expectTypeOf(successEnvelope(group).result).toEqualTypeOf<UserGroup>();
  });
});
