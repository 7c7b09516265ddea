import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  CloudflareError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  UserGroupsClient,
} from "../../src/index.js";
import { ACCOUNT, failure, GROUP, HttpResponse, ok, TOKEN, useMockServer } from "../support/mock-api.js";

const { server, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT, maxRetries: 0 });
const get = () => client.iam.userGroups.get(GROUP);
const caught = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as APIError,
  );

describe("status errors", () => {
  it.each([
    [400, BadRequestError, "BadRequestError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, ConflictError, "ConflictError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
    [418, APIError, "APIError"],
  ])("%i is a %$ with the envelope's details", async (status, ErrorClass, name) => {
    server.use(
      answer(() =>
        HttpResponse.json(failure(7003, "No route for the URI"), { status, headers: { "cf-ray": "ray-1" } }),
      ),
    );
    const error = await caught(get());
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.errors).toEqual([{ code: 7003, message: "No route for the URI" }]);
    expect(error.messages).toEqual([]);
    expect(error.error).toEqual(failure(7003, "No route for the URI"));
    expect(error.headers?.get("cf-ray")).toBe("ray-1");
    expect(error.method).toBe("GET");
    expect(error.path).toBe(`/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`);
    expect(error.message).toBe(
      `${status} GET /accounts/${ACCOUNT}/iam/user_groups/${GROUP}: [7003] No route for the URI`,
    );
  });

  it("is matched through the client's static classes too, as with the official SDK", async () => {
    server.use(answer(() => HttpResponse.json(failure(1000, "missing"), { status: 404 })));
    const error = await caught(get());
    expect(error).toBeInstanceOf(UserGroupsClient.NotFoundError);
    expect(error).toBeInstanceOf(UserGroupsClient.APIError);
  });
});

describe("bodies that are not what they should be", () => {
  it("a 200 with success: false throws an APIError carrying the envelope", async () => {
    server.use(answer(() => HttpResponse.json(failure(10000, "Authentication error"))));
    const error = await caught(get());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.errors).toEqual([{ code: 10000, message: "Authentication error" }]);
    expect(error.message).toContain("[10000] Authentication error");
  });

  it("an HTML 502 from a proxy is an InternalServerError with a short text snippet", async () => {
    const html = `<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(5_000)}</body></html>`;
    server.use(
      answer(() => new HttpResponse(html, { status: 502, headers: { "content-type": "text/html" } })),
    );
    const error = await caught(get());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(typeof error.error).toBe("string");
    expect(error.error).toMatch(/^<!DOCTYPE html> <html><head><title>502 Bad Gateway/);
    expect((error.error as string).length).toBeLessThanOrEqual(201);
    expect(error.errors).toEqual([]);
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.message.length).toBeLessThan(400);
  });

  it("a body that is not JSON becomes one line: runs of white space are one space, none at either end", async () => {
    server.use(answer(() => new HttpResponse("\n  <html>\n\t<b>Bad   gateway</b>\r\n  ", { status: 502 })));
    const error = await caught(get());
    expect(error.error).toBe("<html> <b>Bad gateway</b>");
    expect(error.message).toBe(
      `502 GET /accounts/${ACCOUNT}/iam/user_groups/${GROUP}: <html> <b>Bad gateway</b>`,
    );
  });

  it("a snippet of exactly 200 characters is kept whole; one more is cut with an ellipsis", async () => {
    server.use(answer(() => new HttpResponse("y".repeat(200), { status: 502 })));
    expect((await caught(get())).error).toBe("y".repeat(200));
    server.use(answer(() => new HttpResponse("y".repeat(201), { status: 502 })));
    expect((await caught(get())).error).toBe(`${"y".repeat(200)}…`);
  });

  it("a 200 whose body is not JSON is an APIError, not a parse crash", async () => {
    server.use(answer(() => new HttpResponse("<html>captive portal</html>", { status: 200 })));
    const error = await caught(get());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.error).toBe("<html>captive portal</html>");
  });

  it("a 200 whose JSON is not an object is an APIError", async () => {
    server.use(answer(() => HttpResponse.json("ok")));
    await expect(get()).rejects.toBeInstanceOf(APIError);
  });

  it("a redirect is not followed, so credentials cannot go to another host", async () => {
    server.use(
      answer(
        () => new HttpResponse(null, { status: 301, headers: { location: "https://evil.example/steal" } }),
      ),
    );
    const error = await caught(get());
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(301);
    expect(error.message).toMatch(/redirect to https:\/\/evil\.example\/steal not followed$/);
  });

  it("a redirect without a Location says so plainly", async () => {
    server.use(answer(() => new HttpResponse(null, { status: 302 })));
    const error = await caught(get());
    expect(error.message).toBe(
      `302 GET /accounts/${ACCOUNT}/iam/user_groups/${GROUP}: redirect not followed`,
    );
  });

  it("a browser's opaque redirect (what its fetch returns for redirect: manual) is refused the same way", async () => {
    // Browsers hide the redirect: status 0, no headers, no body. No Response constructor makes one.
    const opaque = { type: "opaqueredirect", status: 0, ok: false, headers: new Headers(), body: null };
    const browser = new UserGroupsClient({
      apiToken: TOKEN,
      accountId: ACCOUNT,
      fetch: async () => opaque as Response,
    });
    const error = await caught(browser.iam.userGroups.get(GROUP));
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe(`GET /accounts/${ACCOUNT}/iam/user_groups/${GROUP}: redirect not followed`);
  });

  it("every 2xx is a success, 299 included", async () => {
    server.use(answer(() => HttpResponse.json(ok({ id: GROUP }), { status: 299 })));
    await expect(get()).resolves.toEqual({ id: GROUP });
  });
});

describe("credentials never leak through an error", () => {
  const secrets = { token: "tok_SECRET_never_print_me", key: "key_SECRET_never_print_me" };

  async function everyWayToShow(error: unknown): Promise<string> {
    const e = error as APIError;
    return [
      String(e),
      e.message,
      e.stack,
      inspect(e, { depth: 10, showHidden: true }),
      JSON.stringify(e),
      JSON.stringify(Object.entries(e)),
      inspect(e.cause, { depth: 10 }),
    ].join("\n");
  }

  it.each([
    ["a 403", () => HttpResponse.json(failure(10000, "Authentication error"), { status: 403 })],
    ["a connection error", () => HttpResponse.error()],
    ["an HTML body", () => new HttpResponse("<html>oops</html>", { status: 500 })],
  ])("%s with a token or a key", async (_, respond) => {
    server.use(answer(respond));
    const byToken = new UserGroupsClient({ apiToken: secrets.token, accountId: ACCOUNT, maxRetries: 0 });
    const byKey = new UserGroupsClient({
      apiKey: secrets.key,
      apiEmail: "admin@example.com",
      accountId: ACCOUNT,
      maxRetries: 0,
    });
    for (const user of [byToken, byKey]) {
      const shown = await everyWayToShow(await caught(user.iam.userGroups.get(GROUP)));
      expect(shown).not.toContain(secrets.token);
      expect(shown).not.toContain(secrets.key);
    }
  });

  it("the client itself does not show them when logged", () => {
    const byToken = new UserGroupsClient({ apiToken: secrets.token });
    expect(inspect(byToken, { depth: 10, showHidden: true })).not.toContain(secrets.token);
    expect(JSON.stringify(byToken)).not.toContain(secrets.token);
  });

  it("a connection error says what failed and keeps the cause", async () => {
    server.use(answer(() => HttpResponse.error()));
    const error = await caught(get());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/^GET \/accounts\/.*: Connection error\.$/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("an APIError built by hand says only what it was given, and claims no write was applied", () => {
    const error = new APIError(undefined, undefined, "something failed", undefined);
    expect(error.message).toBe("something failed");
    expect(error.mayHaveBeenApplied).toBe(false);
    expect(new APIError(409, undefined, undefined, new Headers()).message).toBe("409 request failed");
  });

  it("successes still resolve", async () => {
    server.use(answer(() => HttpResponse.json(ok({ id: GROUP }))));
    await expect(client.iam.userGroups.delete(GROUP)).resolves.toEqual({ id: GROUP });
  });
});
