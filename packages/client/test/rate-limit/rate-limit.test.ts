// Cloudflare's rate limit from the client's side: the opt-in pacer
// (`rateLimit`), and the 429s the live API sends off its own rules (the real
// wait in the body's `retry_after` behind `retry-after: 0`; an empty or `null`
// body). Time is fake; the delays asserted are the ones the client asked for
// (its log) and the times requests went out.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIUserAbortError,
  type ClientOptions,
  CloudflareError,
  type Logger,
  RateLimitError,
  UserGroupsClient,
} from "../../src/index.js";
import { ACCOUNT, failure, GROUP, group, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A client on a scripted fetch that records when each request went out, and what the client logged at info. */
function setup(
  respond: (request: Request, attempt: number) => Response,
  options: Partial<ClientOptions> = {},
) {
  const sentAt: number[] = [];
  const { fetch, requests } = scriptedFetch((request, attempt) => {
    sentAt.push(Date.now());
    return respond(request, attempt);
  });
  const logged: { message: string; details: Record<string, unknown> }[] = [];
  const logger = {
    ...console,
    info: (message: string, details: Record<string, unknown>) => logged.push({ message, details }),
  };
  const client = new UserGroupsClient({
    apiToken: "t",
    ...options,
    accountId: ACCOUNT,
    fetch,
    logger: logger as Logger,
    logLevel: "info",
  });
  const delays = (what: string) =>
    logged.filter((entry) => entry.message.endsWith(what)).map((entry) => entry.details.delay);
  return { client, sentAt, requests, delays };
}

const answer = () => Response.json(ok(group()));

describe("the pacer (rateLimit)", () => {
  it("sends at most `requests` in any window, the rest when the oldest leaves it", async () => {
    const { client, sentAt, delays } = setup(answer, { rateLimit: { requests: 3, windowSeconds: 10 } });
    const calls = Array.from({ length: 7 }, () => client.iam.userGroups.get(GROUP));
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(calls);
    expect(sentAt).toEqual([0, 0, 0, 10_000, 10_000, 10_000, 20_000]);
    expect(delays("pace").slice(0, 4)).toEqual([10_000, 10_000, 10_000, 10_000]);
  });

  it("slides: a request waits only until the oldest of the window leaves it", async () => {
    const { client, sentAt } = setup(answer, { rateLimit: { requests: 2, windowSeconds: 10 } });
    const calls: Promise<unknown>[] = [];
    for (const at of [0, 6_000, 7_000, 11_000]) {
      await vi.advanceTimersByTimeAsync(at - Date.now());
      calls.push(client.iam.userGroups.get(GROUP).then(() => undefined));
    }
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(calls);
    expect(sentAt).toEqual([0, 6_000, 10_000, 16_000]);
  });

  it("counts retries, and is shared by every call and resource of the client", async () => {
    const { client, sentAt } = setup(
      (_, attempt) => (attempt === 1 ? Response.json(failure(10001, "x"), { status: 503 }) : answer()),
      { rateLimit: { requests: 1, windowSeconds: 5 } },
    );
    const calls = [
      client.iam.userGroups.get(GROUP),
      client.iam.userGroups.members.get("m".repeat(32), { user_group_id: GROUP }),
    ];
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(calls.map((call) => call.catch(() => undefined)));
    // The 503's retry and the second call each wait for the window: one request per 5 s.
    expect(sentAt).toEqual([0, 5_000, 10_000]);
  });

  it("a call's signal stops its wait at once; nothing is sent", async () => {
    const { client, requests } = setup(answer, { rateLimit: { requests: 1, windowSeconds: 60 } });
    await client.iam.userGroups.get(GROUP);
    const controller = new AbortController();
    const waiting = client.iam.userGroups
      .get(GROUP, {}, { signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    expect(await waiting).toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
  });

  it("is off by default: a hundred calls go out at once", async () => {
    const { client, sentAt } = setup(answer);
    await Promise.all(Array.from({ length: 100 }, () => client.iam.userGroups.get(GROUP)));
    expect(new Set(sentAt)).toEqual(new Set([0]));
  });

  it.each([
    [{ requests: 0, windowSeconds: 300 }, "`rateLimit.requests` must be a whole number from 1, got 0."],
    [
      { requests: 1200, windowSeconds: "300" },
      '`rateLimit.windowSeconds` must be a whole number from 1, got "300".',
    ],
    [{ requests: 1.5, windowSeconds: 1 }, "`rateLimit.requests` must be a whole number from 1, got 1.5."],
    [true, "`rateLimit.requests` must be a whole number from 1, got undefined."],
  ])("refuses %j at construction", (rateLimit, message) => {
    expect(() => new UserGroupsClient({ apiToken: "t", rateLimit: rateLimit as never })).toThrow(
      new CloudflareError(`UserGroupsClient: ${message}`),
    );
  });
});

describe("429s off the API's own rules", () => {
  const quirk = (body: BodyInit | null, retryAfter?: string) => (_: Request, attempt: number) =>
    attempt === 1
      ? new Response(body, {
          status: 429,
          headers: {
            "content-type": "application/json",
            ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }),
          },
        })
      : answer();

  it("honours the body's retry_after when the header says 0", async () => {
    const body = JSON.stringify({ ...failure(971, "Please wait"), retry_after: 30 });
    const { client, sentAt, delays } = setup(quirk(body, "0"));
    const call = client.iam.userGroups.get(GROUP);
    await vi.advanceTimersByTimeAsync(60_000);
    await call;
    expect(delays("retry")).toEqual([30_000]);
    expect(sentAt).toEqual([0, 30_000]);
  });

  it("caps the body's retry_after at 60 s, like the header's", async () => {
    const body = JSON.stringify({ ...failure(971, "Please wait"), retry_after: 3600 });
    const { client, delays } = setup(quirk(body, "0"));
    const call = client.iam.userGroups.get(GROUP);
    await vi.advanceTimersByTimeAsync(120_000);
    await call;
    expect(delays("retry")).toEqual([60_000]);
  });

  it("prefers a header that names a wait to the body", async () => {
    const body = JSON.stringify({ ...failure(971, "Please wait"), retry_after: 30 });
    const { client, delays } = setup(quirk(body, "2"));
    const call = client.iam.userGroups.get(GROUP);
    await vi.advanceTimersByTimeAsync(60_000);
    await call;
    expect(delays("retry")).toEqual([2_000]);
  });

  it.each([
    ["an empty body", null],
    ["a JSON null", "null"],
  ])("a 429 with %s is a RateLimitError, retried", async (_, body) => {
    const { client, requests } = setup(quirk(body));
    const call = client.iam.userGroups.get(GROUP);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(call).resolves.toEqual(group());
    expect(requests).toHaveLength(2);
    const always = setup((request) => quirk(body)(request, 1), { maxRetries: 1 });
    const failed = always.client.iam.userGroups.get(GROUP).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await failed;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, errors: [] });
    expect(always.requests).toHaveLength(2);
  });
});
