import { NotFoundError, UserGroupsClient } from "@cf-user-groups/client";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  buildUserGroup,
  failureEnvelope,
  fixtures,
  ResponseValidationError,
  successEnvelope,
} from "../../src/index.js";
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

  it("a resolver may return a Response of its own, off the spec on purpose with { validate: false }", async () => {
    server.use(
      mock.override.listUserGroups(() => HttpResponse.text("<html>maintenance</html>", { status: 503 }), {
        validate: false,
      }),
    );
    const response = await fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("<html>maintenance</html>");
    expect(mock.requests).toMatchObject([{ operationId: "listUserGroups", status: 503, source: "override" }]);
    expect(mock.violations).toEqual([]);
  });

  it("only matches its own operation", async () => {
    server.use(
      mock.override.getUserGroup({ status: 404, body: failureEnvelope({ code: 1004, message: "gone" }) }),
    );
    expect((await groups.members.list(GROUP)).result).toEqual([]);
    expect((await groups.list()).result).toHaveLength(1);
  });

  it("logs the requests it answers with their credentials redacted", async () => {
    server.use(mock.override.listUserGroups({ body: fixtures.listUserGroups.response }));
    const keyed = new UserGroupsClient({
      apiKey: "key-SECRET-123",
      apiEmail: "admin@example.com",
      accountId: ACCOUNT,
      maxRetries: 0,
    });
    await keyed.iam.userGroups.list();
    const token = new UserGroupsClient({ apiToken: "token-SECRET-456", accountId: ACCOUNT, maxRetries: 0 });
    await token.iam.userGroups.list();
    expect(mock.requests).toMatchObject([
      { source: "override", headers: { "x-auth-key": "[redacted]", "x-auth-email": "[redacted]" } },
      { source: "override", headers: { authorization: "[redacted]" } },
    ]);
    const logged = JSON.stringify(mock.requests);
    expect(logged).not.toContain("SECRET");
    // The email half of a Global API key is a credential too.
    expect(logged).not.toContain("admin@example.com");
  });
});

const getGroup = () =>
  fetch(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });

/** What `mock.reset()` throws (the test fails if it does not), after which the mock is clean again. */
function resetError(): ResponseValidationError {
  try {
    mock.reset();
  } catch (error) {
    expect(mock.violations).toEqual([]);
    expect(() => mock.reset()).not.toThrow();
    return error as ResponseValidationError;
  }
  return expect.unreachable("reset() should have thrown");
}

describe("response validation", () => {
  it("records an override whose body the spec does not allow, sends it as it is, and makes reset() throw", async () => {
    const wrong = {
      ...fixtures.getUserGroup.response,
      result: { ...fixtures.getUserGroup.response.result, id: "short" },
    };
    server.use(mock.override.getUserGroup({ body: wrong }));
    const response = await getGroup();
    // The app gets what the override said, not a 500 that a test expecting a 5xx would take for a pass.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(wrong);
    expect(mock.requests).toMatchObject([
      { source: "override", status: 200, violation: expect.stringContaining("/result/id") },
    ]);
    expect(mock.violations).toHaveLength(1);
    const error = resetError();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({
      operationId: "getUserGroup",
      status: 200,
      pointer: "/result/id",
      body: wrong,
    });
    expect(error.message).toMatch(
      /^getUserGroup answered 200 with a body the spec does not allow: \/result\/id must NOT have fewer than 32 characters\. Body: \{"errors":\[\{"code":1000/,
    );
  });

  it("checks a raw Response too", async () => {
    server.use(mock.override.getUserGroup(() => HttpResponse.json({ id: "x" })));
    const response = await getGroup();
    expect(await response.json()).toEqual({ id: "x" });
    const error = resetError();
    expect(error).toMatchObject({ operationId: "getUserGroup", status: 200, pointer: "", body: { id: "x" } });
    expect(error.message).toContain("must have required property 'success'");
  });

  it("checks a raw Response that is not JSON, and a status the spec does not document", async () => {
    server.use(
      mock.override.getUserGroup(() => new Response("<html>oops</html>", { status: 502 }), { once: true }),
    );
    server.use(mock.override.getUserGroup(() => new Response(null, { status: 204 }), { once: true }));
    expect((await getGroup()).status).toBe(204);
    expect((await getGroup()).status).toBe(502);
    const error = resetError();
    expect(error).toMatchObject({ status: 204 });
    expect(error.message).toMatch(
      /the first of 2 responses .* the others: getUserGroup 502 \(root\) must be object/,
    );
  });

  it("checks failure envelopes too", async () => {
    server.use(
      mock.override.getUserGroup({
        status: 404,
        body: { success: false, errors: [], messages: [], result: null },
      }),
    );
    expect((await getGroup()).status).toBe(404);
    expect(resetError().message).toMatch(
      /getUserGroup answered 404 .*\/errors must NOT have fewer than 1 items/,
    );
  });

  it("an override the spec allows records nothing", async () => {
    server.use(mock.override.getUserGroup({ body: fixtures.getUserGroup.response }));
    expect((await getGroup()).status).toBe(200);
    expect(mock.violations).toEqual([]);
    expect(mock.requests[0]).not.toHaveProperty("violation");
  });
});
