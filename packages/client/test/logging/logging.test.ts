// The `logLevel` and `logger` options, with the official SDK's names and
// meaning: what each level shows, how CLOUDFLARE_LOG and a bad value are
// handled (word for word as the SDK, which runs here too), the delays a retry
// log reports, and that no credential ever reaches the logger.

import { inspect } from "node:util";
import Cloudflare from "cloudflare";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ClientOptions, CloudflareError, type Logger, UserGroupsClient } from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { ACCOUNT, failure, GROUP, group, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

type Level = keyof Logger;
interface Entry {
  level: Level;
  message: string;
  details: Record<string, unknown>;
  args: unknown[];
}

/** A logger that records every call. */
function recorder() {
  const entries: Entry[] = [];
  const logger = Object.fromEntries(
    (["error", "warn", "info", "debug"] as const).map((level) => [
      level,
      (message: string, ...rest: unknown[]) =>
        entries.push({
          level,
          message,
          details: rest[0] as Record<string, unknown>,
          args: [message, ...rest],
        }),
    ]),
  ) as unknown as Logger;
  return { logger, entries };
}

/** A listing of two pages whose first attempt is a 503 with `retry-after: 2`. */
const twoPagesAfterA503 = (request: Request, attempt: number) => {
  if (attempt === 1)
    return Response.json(failure(10001, "later"), { status: 503, headers: { "retry-after": "2" } });
  const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
  return Response.json(
    ok([group(String(page).padStart(32, "0"))], {
      result_info: { count: 1, page, per_page: 1, total_count: 2 },
    }),
  );
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.stubEnv("CLOUDFLARE_LOG", "");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** Lists every group of a two-page listing through a 503, with `options`; returns what was logged. */
async function listAll(options: Partial<ClientOptions> = {}) {
  const { logger, entries } = recorder();
  const { fetch } = scriptedFetch(twoPagesAfterA503);
  const client = new UserGroupsClient({ apiToken: "t", ...options, accountId: ACCOUNT, fetch, logger });
  const names: string[] = [];
  const done = (async () => {
    for await (const each of client.iam.userGroups.list({ per_page: 1 })) names.push(each.id);
  })();
  await vi.advanceTimersByTimeAsync(10_000);
  await done;
  expect(names).toHaveLength(2);
  return entries;
}

describe("what each level shows", () => {
  it("debug: each request, response, retry and page, with method, URL, attempt, status, time, reason and delay", async () => {
    const entries = await listAll({ logLevel: "debug" });
    const url = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups?per_page=1`;
    // Every line says where it comes from.
    for (const { message } of entries) expect(message).toMatch(/^@cf-user-groups\/client: [a-z]/);
    expect(
      entries.map(({ level, message, details }) => [
        level,
        message.replace(/^@cf-user-groups\/client: /, ""),
        details,
      ]),
    ).toEqual([
      ["debug", "request", { method: "GET", url, attempt: 1 }],
      ["debug", "response", { method: "GET", url, attempt: 1, status: 503, ms: 0 }],
      [
        "info",
        "retry",
        {
          method: "GET",
          url,
          attempt: 1,
          delay: 2000,
          reason: expect.stringMatching(/^503 GET \/accounts\/.*: request failed$/),
        },
      ],
      ["debug", "request", { method: "GET", url, attempt: 2 }],
      ["debug", "response", { method: "GET", url, attempt: 2, status: 200, ms: 0 }],
      ["debug", "next page", { page: 2 }],
      ["debug", "request", { method: "GET", url: `${url}&page=2`, attempt: 1 }],
      ["debug", "response", { method: "GET", url: `${url}&page=2`, attempt: 1, status: 200, ms: 0 }],
    ]);
  });

  it("info: the retries only", async () => {
    const entries = await listAll({ logLevel: "info" });
    expect(entries.map((entry) => [entry.level, entry.details.delay])).toEqual([["info", 2000]]);
  });

  it.each(["warn", "error", "off"] as const)(
    "%s: nothing, when nothing goes wrong for good",
    async (logLevel) => {
      expect(await listAll({ logLevel })).toEqual([]);
    },
  );

  it("defaults to warn", async () => {
    expect(await listAll()).toEqual([]);
  });

  it("a response's time is the time it took, by the clock", async () => {
    const { logger, entries } = recorder();
    const { fetch } = scriptedFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_234));
      return Response.json(ok(group()));
    });
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      logger,
      logLevel: "debug",
    });
    const pending = client.iam.userGroups.get(GROUP);
    await vi.advanceTimersByTimeAsync(2_000);
    await pending;
    expect(entries.find((entry) => entry.details.status === 200)?.details.ms).toBe(1_234);
  });
});

describe("the retry log reports the delays the client waits", () => {
  async function delaysFor(respond: (attempt: number) => Response, call = "get") {
    const { logger, entries } = recorder();
    const { fetch } = scriptedFetch((_, attempt) => respond(attempt));
    const client = new UserGroupsClient({
      apiToken: "t",
      accountId: ACCOUNT,
      fetch,
      logger,
      logLevel: "info",
    });
    const pending = (call === "get" ? client.iam.userGroups.get(GROUP) : client.iam.userGroups.list()).then(
      () => undefined,
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(200_000);
    await pending;
    return entries.map((entry) => entry.details.delay);
  }

  it("backoff 0.5 s then 1 s without jitter, 375 ms then 750 ms with the most", async () => {
    const always503 = () => Response.json(failure(10001, "x"), { status: 503 });
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(await delaysFor(always503)).toEqual([500, 1000]);
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect(await delaysFor(always503)).toEqual([375, 750]);
  });

  it("retry-after, capped at 60 s", async () => {
    const wait = (after: string) => (attempt: number) =>
      attempt === 1
        ? Response.json(failure(10001, "x"), { status: 429, headers: { "retry-after": after } })
        : Response.json(ok(group()));
    expect(await delaysFor(wait("7"))).toEqual([7000]);
    expect(await delaysFor(wait("3600"))).toEqual([60_000]);
  });
});

describe("CLOUDFLARE_LOG and bad values, as the official SDK handles them", () => {
  /** The warnings the official SDK's constructor logs for `logLevel` and CLOUDFLARE_LOG. */
  function officialWarnings(logLevel?: string) {
    const { logger, entries } = recorder();
    new Cloudflare({ apiToken: "t", logger, logLevel: logLevel as never });
    return entries.filter((entry) => entry.level === "warn").map((entry) => entry.message);
  }
  function ourWarnings(logLevel?: string) {
    const { logger, entries } = recorder();
    new UserGroupsClient({ apiToken: "t", logger, logLevel: logLevel as never });
    return entries.filter((entry) => entry.level === "warn").map((entry) => entry.message);
  }

  it("reads the level from CLOUDFLARE_LOG when the option is left out", async () => {
    vi.stubEnv("CLOUDFLARE_LOG", "info");
    expect((await listAll()).map((entry) => entry.level)).toEqual(["info"]);
  });

  it("the option wins over CLOUDFLARE_LOG", async () => {
    vi.stubEnv("CLOUDFLARE_LOG", "debug");
    expect(await listAll({ logLevel: "off" })).toEqual([]);
  });

  it("a CLOUDFLARE_LOG that is not a level is warned about, word for word as the SDK, and the level is warn", async () => {
    vi.stubEnv("CLOUDFLARE_LOG", "verbose");
    expect(ourWarnings()).toEqual([
      `process.env['CLOUDFLARE_LOG'] was set to "verbose", expected one of ["off","error","warn","info","debug"]`,
    ]);
    expect(ourWarnings()).toEqual(officialWarnings());
    expect((await listAll()).filter((entry) => entry.level !== "warn")).toEqual([]);
  });

  it("a logLevel option that is not a level is warned about the same way, then CLOUDFLARE_LOG decides", async () => {
    vi.stubEnv("CLOUDFLARE_LOG", "info");
    expect(ourWarnings("loud")).toEqual(officialWarnings("loud"));
    expect(ourWarnings("loud")[0]).toMatch(/^ClientOptions\.logLevel was set to "loud"/);
    expect((await listAll({ logLevel: "loud" as never })).map((entry) => entry.level)).toEqual([
      "warn",
      "info",
    ]);
  });

  it("a logLevel that JSON cannot show (a BigInt, a cycle) is warned about by its type, never crashing the constructor", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(ourWarnings(10n as never)).toEqual([
      `ClientOptions.logLevel was set to bigint, expected one of ["off","error","warn","info","debug"]`,
    ]);
    expect(ourWarnings(cycle as never)[0]).toMatch(/^ClientOptions\.logLevel was set to object, /);
  });

  it("a logger without a method the level needs is refused at construction; one the level skips is not needed", () => {
    const { debug: _, ...noDebug } = recorder().logger;
    expect(
      () => new UserGroupsClient({ apiToken: "t", logger: noDebug as Logger, logLevel: "debug" }),
    ).toThrow(new CloudflareError("UserGroupsClient: `logger` has no debug method."));
    expect(
      () => new UserGroupsClient({ apiToken: "t", logger: noDebug as Logger, logLevel: "info" }),
    ).not.toThrow();
  });

  it("a logger whose warn is not a function, with a logLevel that is not a level, is refused with a CloudflareError", () => {
    const logger = { ...recorder().logger, warn: "nope" } as unknown as Logger;
    expect(() => new UserGroupsClient({ apiToken: "t", logger, logLevel: "loud" as never })).toThrow(
      new CloudflareError("UserGroupsClient: `logger` has no warn method."),
    );
  });
});

describe("no credential ever reaches the logger", () => {
  const SECRET = "SECRET_c0ffee";
  it.each<[string, Partial<ClientOptions>]>([
    ["an API token", { apiToken: `tok_${SECRET}` }],
    ["a Global API key and its email", { apiKey: `key_${SECRET}`, apiEmail: `owner+${SECRET}@example.com` }],
    [
      "default headers that carry an Authorization",
      { apiToken: "t", defaultHeaders: { Authorization: `Bearer ${SECRET}`, "X-Auth-Key": SECRET } },
    ],
  ])("%s, through retries, failures, a redirect, pagination and rawClient", async (_, credentials) => {
    const { logger, entries } = recorder();
    const { fetch } = scriptedFetch((request, attempt) => {
      if (attempt === 1) throw new TypeError("fetch failed", { cause: new Error("read ECONNRESET") });
      if (attempt === 2) return Response.json(failure(10001, "x"), { status: 503 });
      if (attempt === 4)
        return new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } });
      if (attempt === 5) return Response.json(failure(10000, "Authentication error"), { status: 403 });
      return twoPagesAfterA503(request, 2);
    });
    const client = new UserGroupsClient({
      ...credentials,
      accountId: ACCOUNT,
      fetch,
      logger,
      logLevel: "debug",
    });
    const calls = [
      client.iam.userGroups.list({ per_page: 1 }),
      client.iam.userGroups.get(GROUP, {}, { headers: { authorization: `Bearer ${SECRET}` } }),
      client.iam.userGroups.create({ name: "x" }),
      (async () => {
        for await (const _group of client.iam.userGroups.list({ per_page: 1 }));
      })(),
      rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      }),
    ].map((call) => Promise.resolve(call).catch(() => undefined));
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(calls);
    expect(entries.length).toBeGreaterThan(10);
    for (const { args } of entries) {
      expect(JSON.stringify(args)).not.toContain(SECRET);
      expect(inspect(args, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(SECRET);
    }
  });
});
