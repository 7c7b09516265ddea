// Credentials never show: not in a constructor error, not in any error a call
// throws, not in a `cause` chain, not when the client is logged. Values fetch
// would refuse (CR, LF, NUL, control or non-Latin-1 characters) are refused
// before fetch sees them, because fetch's own error quotes the value.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as exported from "../../src/index.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  CloudflareError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  UnprocessableEntityError,
  UserGroupsClient,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, failure, GROUP, group, member, ok } from "../support/mock-api.js";
import { everyWayToShow, scriptedFetch } from "../support/scripted-fetch.js";

const SECRET = "SECRET_7f3a9c";
const token = `tok_${SECRET}`;
const key = `key_${SECRET}`;
const email = `owner+${SECRET}@example.com`;

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Clears the variables the client reads, then sets `values`. */
function env(values: Record<string, string> = {}) {
  for (const name of [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_BASE_URL",
  ])
    vi.stubEnv(name, values[name] ?? "");
}

/** What constructing a client, then making a call with it, threw (undefined when neither threw). */
async function failureOf(
  options: ClientOptions,
  call = (client: UserGroupsClient) => client.iam.userGroups.get(GROUP, { account_id: ACCOUNT }),
) {
  try {
    await call(new UserGroupsClient(options));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("credentials fetch would refuse are refused at construction, without showing them", () => {
  it.each([
    ["a token with CR LF", { apiToken: `${token}\r\nx-injected: 1` }],
    ["a token with NUL", { apiToken: `tok\0${SECRET}` }],
    ["a token with a lone CR inside", { apiToken: `tok\r${SECRET}` }],
    ["a token beyond Latin-1", { apiToken: `${token}€` }],
    ["a key with LF", { apiKey: `${key}\nx`, apiEmail: "a@example.com" }],
    ["an email with CR", { apiKey: "k", apiEmail: `${email}\rx` }],
    [
      "a default Authorization header with LF",
      { apiToken: "t", defaultHeaders: { Authorization: `Bearer ${token}\nx` } },
    ],
    ["a default header with NUL", { apiToken: "t", defaultHeaders: { "x-trace": `${SECRET}\0` } }],
    ["a default header with a number value", { apiToken: "t", defaultHeaders: { "x-trace": 7 as never } }],
    ["a default header whose name is not a token", { apiToken: "t", defaultHeaders: { "x trace": SECRET } }],
    ["a default header with an empty name", { apiToken: "t", defaultHeaders: { "": SECRET } }],
  ])("%s", async (_, options) => {
    env();
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    const error = await failureOf({ ...options, fetch } as ClientOptions);
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error).not.toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/^UserGroupsClient: /);
    expect(everyWayToShow(error)).not.toContain(SECRET);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ["CLOUDFLARE_API_TOKEN with an inner LF", { CLOUDFLARE_API_TOKEN: `tok\n${SECRET}` }, "apiToken"],
    [
      "CLOUDFLARE_API_KEY with an inner CR",
      { CLOUDFLARE_API_KEY: `key\r${SECRET}`, CLOUDFLARE_EMAIL: "a@example.com" },
      "apiKey",
    ],
    [
      "CLOUDFLARE_EMAIL with an inner LF",
      { CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: `a\n${SECRET}@example.com` },
      "apiEmail",
    ],
  ])("%s from the environment", async (_, values, option) => {
    env(values);
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    const error = await failureOf({ fetch });
    expect(error).toBeInstanceOf(CloudflareError);
    expect((error as Error).message).toContain(`\`${option}\` (or its environment variable)`);
    expect(everyWayToShow(error)).not.toContain(SECRET);
    expect(requests).toHaveLength(0);
  });

  it("a token with a line break never reaches Node's fetch, whose error would quote it", async () => {
    env();
    const spy = vi.fn(globalThis.fetch);
    const error = await failureOf({
      apiToken: `${token}\r\nx-injected: 1`,
      baseURL: "http://127.0.0.1:9/client/v4",
      fetch: spy,
      maxRetries: 0,
    });
    expect(spy).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(everyWayToShow(error)).not.toContain(SECRET);
  });

  it("whitespace at the ends, which fetch trims, is accepted: a token read from a file with its newline works", async () => {
    env();
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    await new UserGroupsClient({ apiToken: `${token}\n`, fetch }).iam.userGroups.get(GROUP, {
      account_id: ACCOUNT,
    });
    await new UserGroupsClient({ apiKey: ` ${key}\r\n`, apiEmail: `${email}\t`, fetch }).iam.userGroups.get(
      GROUP,
      {
        account_id: ACCOUNT,
      },
    );
    expect(
      requests.map((request) => request.headers.get("authorization") ?? request.headers.get("x-auth-key")),
    ).toEqual([`Bearer ${token}`, key]);
    expect(requests[1]?.headers.get("x-auth-email")).toBe(email);
  });

  it("a baseURL with user:password@ is refused without echoing it", async () => {
    env();
    const error = await failureOf({ apiToken: "t", baseURL: `https://user:${SECRET}@api.example/client/v4` });
    expect(error).toBeInstanceOf(CloudflareError);
    expect(everyWayToShow(error)).not.toContain(SECRET);
  });
});

describe("per-call headers are checked before sending, without showing their values", () => {
  it.each([
    ["a value with CR LF", { "x-trace": `${SECRET}\r\nx-injected: 1` }],
    ["a value with NUL", { authorization: `Bearer ${SECRET}\0` }],
    ["a value beyond Latin-1", { "x-trace": `${SECRET}✓` }],
    ["a value that is not a string", { "x-trace": { SECRET } as never }],
    ["a name with a colon", { "x-trace:": SECRET }],
  ])("%s", async (_, headers) => {
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });
    const error = await client.iam.userGroups.get(GROUP, {}, { headers }).then(
      () => expect.unreachable("the call should fail"),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(everyWayToShow(error)).not.toContain(SECRET);
    expect(requests).toHaveLength(0);
  });

  it("the message names the header and where it was given, never its value", async () => {
    const { fetch } = scriptedFetch(() => Response.json(ok(group())));
    const client = new UserGroupsClient({ apiToken: "t", accountId: ACCOUNT, fetch });
    await expect(
      client.iam.userGroups.get(GROUP, {}, { headers: { "x-trace": `${SECRET}\0` } }),
    ).rejects.toThrow(/^header "x-trace" has an invalid name or value \(not shown\)\.$/);
    expect(
      () => new UserGroupsClient({ apiToken: "t", defaultHeaders: { "x-trace": `${SECRET}\0` } }),
    ).toThrow(/^UserGroupsClient: header "x-trace" has an invalid name or value \(not shown\)\.$/);
  });

  it("rawClient refuses a bad header as a CloudflareError that does not quote it", async () => {
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    const client = new UserGroupsClient({ apiToken: "t", fetch });
    const error = await rawClient(client)
      .GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
        headers: { "x-trace": `${SECRET}\r\nx-injected: 1` },
      })
      .then(
        () => expect.unreachable("the call should fail"),
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(CloudflareError);
    expect((error as Error).message).toMatch(/^rawClient\(…\)\.GET: /);
    expect(everyWayToShow(error)).not.toContain(SECRET);
    expect(requests).toHaveLength(0);
  });

  it("valid headers still go out, names lower-cased, values untouched", async () => {
    const { fetch, requests } = scriptedFetch(() => Response.json(ok(group())));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      defaultHeaders: { "X-Team": "iam\tops" },
    });
    await client.iam.userGroups.get(GROUP, {}, { headers: { "X-Trace": "a b!~ é" } });
    expect(requests[0]?.headers.get("x-team")).toBe("iam\tops");
    expect(requests[0]?.headers.get("x-trace")).toBe("a b!~ é");
  });
});

/** One way to make a client throw each error class; `fetch` answers every request the same way. */
const scenarios: [
  ErrorClass: new (...args: never[]) => Error,
  respond: (request: Request) => Response | Promise<Response>,
  call: (client: UserGroupsClient<{ accountId: string }>) => PromiseLike<unknown>,
][] = [
  [CloudflareError, () => Response.json(ok(group())), (client) => client.iam.userGroups.get("")],
  [
    APIError,
    () => Response.json(failure(7003, "teapot"), { status: 418 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    BadRequestError,
    () => Response.json(failure(1, "bad"), { status: 400 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    AuthenticationError,
    () => Response.json(failure(1, "who"), { status: 401 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    PermissionDeniedError,
    () => Response.json(failure(1, "no"), { status: 403 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    NotFoundError,
    () => Response.json(failure(1, "gone"), { status: 404 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    ConflictError,
    () => Response.json(failure(1, "race"), { status: 409 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    UnprocessableEntityError,
    () => Response.json(failure(1, "bad"), { status: 422 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    RateLimitError,
    () => Response.json(failure(1, "slow"), { status: 429 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    InternalServerError,
    () => Response.json(failure(1, "oops"), { status: 500 }),
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    APIConnectionError,
    () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      });
    },
    (client) => client.iam.userGroups.get(GROUP),
  ],
  [
    APIConnectionTimeoutError,
    () => new Promise<Response>(() => {}),
    (client) => client.iam.userGroups.get(GROUP, {}, { timeout: 1 }),
  ],
  [
    APIUserAbortError,
    () => Response.json(ok(group())),
    (client) => client.iam.userGroups.get(GROUP, {}, { signal: AbortSignal.abort() }),
  ],
  [
    ResponseTooLargeError,
    () => Response.json(ok(group())),
    (client) => client.iam.userGroups.get(GROUP, {}, { maxResponseBytes: 16 }),
  ],
  [
    PaginationError,
    () => Response.json(ok([member()], { result_info: { count: 1, page: 1, per_page: 1, total_count: 9 } })),
    async (client) => {
      for await (const _ of client.iam.userGroups.members.list(GROUP, { per_page: 1 })) {
        // the second page repeats the first
      }
    },
  ],
];

describe("no error the client throws shows a credential, through any cause", () => {
  const clients: [string, ClientOptions, (request: Request) => string | null][] = [
    ["token auth", { apiToken: token }, (request) => request.headers.get("authorization")],
    ["key and email auth", { apiKey: key, apiEmail: email }, (request) => request.headers.get("x-auth-key")],
    [
      "an Authorization in defaultHeaders",
      { apiKey: key, apiEmail: email, defaultHeaders: { Authorization: `Bearer ${token}` } },
      (request) => request.headers.get("authorization"),
    ],
  ];

  it("covers every error class the package exports", () => {
    const classes = Object.values(exported).filter(
      (value) =>
        typeof value === "function" &&
        (value === CloudflareError || value.prototype instanceof CloudflareError),
    );
    expect(new Set(scenarios.map(([ErrorClass]) => ErrorClass))).toEqual(new Set(classes));
  });

  for (const [label, options, credentialSent] of clients) {
    it.each(scenarios.map((scenario) => [scenario[0].name, ...scenario] as const))(
      `with ${label}: %s`,
      async (_, ErrorClass, respond, call) => {
        const { fetch, requests } = scriptedFetch(respond);
        const client = new UserGroupsClient({ ...options, accountId: ACCOUNT, maxRetries: 0, fetch });
        const error = await Promise.resolve(call(client)).then(
          () => expect.unreachable("the call should fail"),
          (caught: unknown) => caught,
        );
        expect((error as Error).constructor).toBe(ErrorClass);
        expect(everyWayToShow(error)).not.toContain(SECRET);
        expect(inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(SECRET);
        // Errors raised before sending (a bad id, an aborted signal) send nothing; every other one
        // had the credential on the wire, so a leak would have had something to leak.
        const sendsNothing = ErrorClass === CloudflareError || ErrorClass === APIUserAbortError;
        if (sendsNothing) expect(requests).toHaveLength(0);
        else expect(requests.length).toBeGreaterThan(0);
        for (const request of requests) expect(credentialSent(request)).toContain(SECRET);
      },
    );
  }

  it("nor does Node's own fetch error for a reset connection", async () => {
    const server = createServer((_req, res) => res.socket?.resetAndDestroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const options of clients.map(([, options]) => options)) {
        const client = new UserGroupsClient({
          ...options,
          baseURL: `http://127.0.0.1:${port}`,
          maxRetries: 0,
        });
        const error = await client.iam.userGroups.get(GROUP, { account_id: ACCOUNT }).then(
          () => expect.unreachable("the call should fail"),
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(APIConnectionError);
        expect((error as Error).cause).toBeInstanceOf(Error);
        expect(everyWayToShow(error)).not.toContain(SECRET);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  it("nor a logged client, before or after rawClient uses it", async () => {
    const { fetch } = scriptedFetch(() => Response.json(ok(group())));
    for (const options of clients.map(([, options]) => options)) {
      const client = new UserGroupsClient({ ...options, fetch });
      const show = () => inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true });
      expect(show()).not.toContain(SECRET);
      await rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      });
      expect(show()).not.toContain(SECRET);
      expect(JSON.stringify(client)).not.toContain(SECRET);
    }
  });
});
