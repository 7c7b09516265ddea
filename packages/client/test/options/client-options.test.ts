import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudflareError, DEFAULT_BASE_URL, UserGroupsClient } from "../../src/index.js";
import { ACCOUNT, GROUP, group, HttpResponse, http, ok, TOKEN, useMockServer } from "../support/mock-api.js";

const { server, seen, answer, record } = useMockServer();

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Clears every variable the client reads, so the machine's environment cannot leak into a test. */
function cleanEnv(values: Record<string, string> = {}) {
  for (const name of [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_BASE_URL",
  ]) {
    vi.stubEnv(name, values[name] ?? "");
  }
}

describe("misconfiguration fails at construction, naming the fix", () => {
  it.each([
    [
      "no credentials",
      {},
      "UserGroupsClient: no credentials: pass `apiToken`, or `apiKey` with `apiEmail` (or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL).",
    ],
    ["apiKey without apiEmail", { apiKey: "k" }, /`apiEmail` is missing.*CLOUDFLARE_EMAIL/],
    ["apiEmail without apiKey", { apiEmail: "a@example.com" }, /`apiKey` is missing.*CLOUDFLARE_API_KEY/],
    [
      "a token and a key",
      { apiToken: "t", apiKey: "k", apiEmail: "a@example.com" },
      /pass `apiToken`, or `apiKey` with `apiEmail`, not both/,
    ],
    ["a token and a key without an email", { apiToken: "t", apiKey: "k" }, /not both/],
    ["a token and an email without a key", { apiToken: "t", apiEmail: "a@example.com" }, /not both/],
    ["an empty token", { apiToken: "  " }, /`apiToken` must be a non-empty string/],
    ["a token that is not a string", { apiToken: 42 }, /`apiToken` must be a non-empty string/],
    [
      "a relative baseURL",
      { apiToken: "t", baseURL: "/client/v4" },
      /`baseURL` must be an absolute http\(s\) URL/,
    ],
    [
      "a baseURL without a scheme",
      { apiToken: "t", baseURL: "api.cloudflare.com/client/v4" },
      /`baseURL` must be an absolute/,
    ],
    [
      "a baseURL with http(s):// after something else",
      { apiToken: "t", baseURL: "javascript:https://api.cloudflare.com" },
      /`baseURL` must be an absolute/,
    ],
    ["a zero timeout", { apiToken: "t", timeout: 0 }, /`timeout` must be a whole number from 1/],
    ["a negative maxRetries", { apiToken: "t", maxRetries: -1 }, /`maxRetries` must be a whole number/],
    ["a fractional maxRetries", { apiToken: "t", maxRetries: 1.5 }, /`maxRetries` must be a whole number/],
    ["a fetch that is not a function", { apiToken: "t", fetch: "fetch" }, /`fetch` must be a function/],
    ["an empty accountId", { apiToken: "t", accountId: "" }, /`accountId` must be a non-empty string/],
  ])("%s", (_, options, message) => {
    cleanEnv();
    expect(() => new UserGroupsClient(options as never)).toThrow(CloudflareError);
    expect(() => new UserGroupsClient(options as never)).toThrow(message);
  });

  it("never sends a request for a client it refused", () => {
    cleanEnv();
    server.use(answer(() => HttpResponse.json(ok(group()))));
    expect(() => new UserGroupsClient()).toThrow(/no credentials/);
    expect(seen).toHaveLength(0);
  });
});

describe("environment variables fill in what the options leave out", () => {
  it("reads CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL", async () => {
    cleanEnv({ CLOUDFLARE_API_TOKEN: "env-token", CLOUDFLARE_BASE_URL: "https://proxy.example/cf/" });
    server.use(
      http.get("https://proxy.example/cf/*", async ({ request }) => {
        await record(request);
        return HttpResponse.json(ok(group()));
      }),
    );
    const client = new UserGroupsClient();
    expect(client.baseURL).toBe("https://proxy.example/cf");
    await client.iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer env-token");
    expect(seen[0]?.url.pathname).toBe(`/cf/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`);
  });

  it("reads CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL", async () => {
    cleanEnv({ CLOUDFLARE_API_KEY: "env-key", CLOUDFLARE_EMAIL: "env@example.com" });
    server.use(answer(() => HttpResponse.json(ok(group()))));
    await new UserGroupsClient().iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    expect(seen[0]?.headers.get("x-auth-key")).toBe("env-key");
    expect(seen[0]?.headers.get("x-auth-email")).toBe("env@example.com");
  });

  it("prefers CLOUDFLARE_API_TOKEN when both kinds are in the environment", async () => {
    cleanEnv({
      CLOUDFLARE_API_TOKEN: "env-token",
      CLOUDFLARE_API_KEY: "env-key",
      CLOUDFLARE_EMAIL: "e@example.com",
    });
    server.use(answer(() => HttpResponse.json(ok(group()))));
    await new UserGroupsClient().iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer env-token");
    expect(seen[0]?.headers.get("x-auth-key")).toBeNull();
  });

  it("explicit options win over the environment, and do not mix with it", async () => {
    cleanEnv({ CLOUDFLARE_API_TOKEN: "env-token" });
    server.use(answer(() => HttpResponse.json(ok(group()))));
    await new UserGroupsClient({ apiKey: "k", apiEmail: "a@example.com" }).iam.userGroups.get(GROUP, {
      account_id: ACCOUNT,
    });
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(seen[0]?.headers.get("x-auth-key")).toBe("k");
  });

  it("trims values, and a blank variable counts as unset", async () => {
    cleanEnv({ CLOUDFLARE_API_TOKEN: "  env-token\n", CLOUDFLARE_BASE_URL: " \t " });
    server.use(answer(() => HttpResponse.json(ok(group()))));
    const client = new UserGroupsClient();
    expect(client.baseURL).toBe(DEFAULT_BASE_URL);
    await client.iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer env-token");
    cleanEnv({ CLOUDFLARE_API_TOKEN: "   " });
    expect(() => new UserGroupsClient()).toThrow(/no credentials/);
  });

  it("half a key in the environment is refused", () => {
    cleanEnv({ CLOUDFLARE_API_KEY: "env-key" });
    expect(() => new UserGroupsClient()).toThrow(/`apiEmail` is missing/);
  });

  it("drops every trailing slash of the base URL", async () => {
    cleanEnv();
    server.use(
      http.get("https://proxy.example/cf/*", async ({ request }) => {
        await record(request);
        return HttpResponse.json(ok(group()));
      }),
    );
    const client = new UserGroupsClient({ apiToken: TOKEN, baseURL: "https://proxy.example/cf///" });
    expect(client.baseURL).toBe("https://proxy.example/cf");
    await client.iam.userGroups.get(GROUP, { account_id: ACCOUNT });
    expect(seen[0]?.url.pathname).toBe(`/cf/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`);
  });

  it("defaults the base URL", () => {
    cleanEnv();
    expect(new UserGroupsClient({ apiToken: TOKEN }).baseURL).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe("https://api.cloudflare.com/client/v4");
  });
});

describe("fetch", () => {
  it("looks up globalThis.fetch at call time, so a mock installed after the client still intercepts", async () => {
    const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT });
    const stub = vi.fn(async () => Response.json(ok(group("ffffffffffffffffffffffffffffffff"))));
    vi.stubGlobal("fetch", stub);
    try {
      await expect(client.iam.userGroups.get(GROUP)).resolves.toMatchObject({
        id: "ffffffffffffffffffffffffffffffff",
      });
      expect(stub).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("uses a custom fetch when given, with the URL and init of the request", async () => {
    const custom = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      Response.json(ok(group())),
    );
    const client = new UserGroupsClient({
      apiToken: TOKEN,
      accountId: ACCOUNT,
      fetch: custom as typeof fetch,
    });
    await client.iam.userGroups.get(GROUP);
    expect(custom).toHaveBeenCalledOnce();
    const [url, init] = custom.mock.calls[0] ?? [];
    expect(url).toBe(`${DEFAULT_BASE_URL}/accounts/${ACCOUNT}/iam/user_groups/${GROUP}`);
    expect(init?.method).toBe("GET");
    expect(new Headers(init?.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(init?.redirect).toBe("manual");
    // No signal unless the call has one: a signal costs Node's fetch about a tenth of a request.
    expect(init?.signal).toBeNull();
    await client.iam.userGroups.get(GROUP, {}, { signal: new AbortController().signal });
    expect(custom.mock.calls[1]?.[1]?.signal).toBeInstanceOf(AbortSignal);
  });
});
