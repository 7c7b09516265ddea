import { NotFoundError } from "@cf-user-groups/client";
import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { buildUserGroup, failureEnvelope, fixtures, successEnvelope } from "../../src/index.js";
import { ACCOUNT, TOKEN, useMockedApi } from "../support/api.js";

const GROUP = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const { mock, server, groups } = useMockedApi({ groups: [{ id: GROUP, name: "Stored" }] });

describe("mock.override", () => {
  it("answers with a fixed body, typed from the spec", async () => {
    server.use(
      mock.override.getUserGroup({
        body: successEnvelope(buildUserGroup({ id: GROUP, name: "Overridden" })),
      }),
    );
    expect((await groups.get(GROUP)).name).toBe("Overridden");
    expect((await groups.get(GROUP)).name).toBe("Overridden");
  });

  it("with { once: true } answers one request, then the fake takes over", async () => {
    server.use(mock.override.getUserGroup({ body: fixtures.getUserGroup.response }, { once: true }));
    expect((await groups.get(GROUP)).name).toBe("My New User Group");
    expect((await groups.get(GROUP)).name).toBe("Stored");
    expect(mock.requests.map((request) => request.source)).toEqual(["override", "fake"]);
  });

  it("answers errors with a failure envelope and an error status", async () => {
    server.use(
      mock.override.deleteUserGroup({ status: 404, body: failureEnvelope({ code: 1004, message: "gone" }) }),
    );
    await expect(groups.delete(GROUP)).rejects.toBeInstanceOf(NotFoundError);
    expect(mock.store.getUserGroup(GROUP)).toBeDefined();
  });

  it("a resolver gets the decoded params, the query, the parsed body and the mock", async () => {
    const seen: unknown[] = [];
    server.use(
      mock.override.addUserGroupMembers(({ params, body, query, mock: current }) => {
        seen.push(params, body, query, current.store.getUserGroup(params.user_group_id)?.name);
        return { body: successEnvelope([]) };
      }),
    );
    await groups.members.create(GROUP, { members: [{ id: "7c5dae5552338874e5053f2534d2767a" }] });
    expect(seen).toEqual([
      { account_id: ACCOUNT, user_group_id: GROUP },
      [{ id: "7c5dae5552338874e5053f2534d2767a" }],
      {},
      "Stored",
    ]);
  });

  it("a resolver that returns undefined lets the fake answer, body and all", async () => {
    server.use(mock.override.createUserGroup(() => undefined));
    expect((await groups.create({ name: "Through" })).name).toBe("Through");
    expect(mock.store.listUserGroups().map((group) => group.name)).toContain("Through");
  });

  it("a resolver may return a Response of its own", async () => {
    server.use(
      mock.override.listUserGroups(() => HttpResponse.text("<html>maintenance</html>", { status: 503 })),
    );
    const response = await fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(503);
    expect(mock.requests).toMatchObject([{ operationId: "listUserGroups", status: 503, source: "override" }]);
  });

  it("only matches its own operation", async () => {
    server.use(
      mock.override.getUserGroup({ status: 404, body: failureEnvelope({ code: 1004, message: "gone" }) }),
    );
    expect((await groups.members.list(GROUP)).result).toEqual([]);
    expect((await groups.list()).result).toHaveLength(1);
  });
});

describe("response validation", () => {
  it("catches an override whose body the spec does not allow, naming the operation and the pointer", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrong = {
      ...fixtures.getUserGroup.response,
      result: { ...fixtures.getUserGroup.response.result, id: "short" },
    };
    server.use(mock.override.getUserGroup({ body: wrong }));
    const response = await fetch(
      `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    // MSW turns the error the resolver threw into a 500 and prints it.
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.name).toBe("ResponseValidationError");
    expect(body.message).toBe(
      "getUserGroup answered 200 with a body the spec does not allow: /result/id must NOT have fewer than 32 characters.",
    );
    errors.mockRestore();
  });

  it("checks failure envelopes too", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    server.use(
      mock.override.getUserGroup({
        status: 404,
        body: { success: false, errors: [], messages: [], result: null },
      }),
    );
    const response = await fetch(
      `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    expect((await response.json()).message).toMatch(
      /getUserGroup answered 404 .*\/errors must NOT have fewer than 1 items/,
    );
    errors.mockRestore();
  });
});
