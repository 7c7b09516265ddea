// Auto-pagination ends whatever the server sends: a page seen before in the
// same listing stops it with a PaginationError, a short or empty page is the
// last, and `maxPages` bounds a server that keeps inventing new pages. Each
// hostile server here would have kept the client asking forever.

import { describe, expect, it } from "vitest";
import {
  APIError,
  CloudflareError,
  PaginationError,
  type RequestOptions,
  UserGroupsClient,
} from "../../src/index.js";
import { ACCOUNT, GROUP, member, ok } from "../support/mock-api.js";
import { scriptedFetch } from "../support/scripted-fetch.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
/** `count` members with ids from `first` on. */
const members = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => member(hex(first + i), `user${first + i}@example.com`));

/** The `page` query parameter of a request, 1 when absent. */
const pageOf = (request: Request) => Number(new URL(request.url).searchParams.get("page") ?? 1);

/**
 * A client whose fetch answers every list request with `body(page, attempt)`,
 * and stops answering (failing the test) after `limit` requests, so a client
 * that never stops cannot hang the test.
 */
function hostile(
  body: (page: number, attempt: number) => unknown,
  clientOptions: { maxPages?: number } = {},
) {
  const limit = 20_000;
  const scripted = scriptedFetch((request, attempt) => {
    if (attempt > limit) throw new Error(`more than ${limit} requests: the client does not stop`);
    return Response.json(body(pageOf(request), attempt));
  });
  const client = new UserGroupsClient({
    apiToken: "t",
    accountId: ACCOUNT,
    maxRetries: 0,
    fetch: scripted.fetch,
    ...clientOptions,
  });
  return { ...scripted, client };
}

/** Iterates a member listing to the end, returning the item ids and how it ended. */
async function drain(client: UserGroupsClient<{ accountId: string }>, query = {}, options?: RequestOptions) {
  const ids: unknown[] = [];
  try {
    for await (const item of client.iam.userGroups.members.list(GROUP, query, options)) ids.push(item.id);
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: undefined };
}

const info = (page: number, per_page: number, total_count: number, count = per_page) => ({
  result_info: { count, page, per_page, total_count },
});

describe("a page seen before in the same listing stops it", () => {
  it("pages that alternate A, B, A, … stop at the first repeat", async () => {
    const { client, requests } = hostile((page) =>
      ok(members(page % 2 === 1 ? 0 : 2, 2), info(page, 2, 1_000)),
    );
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toBeInstanceOf(CloudflareError);
    expect((error as Error).message).toMatch(/^Page 3 repeats an earlier page/);
    expect(ids).toEqual([hex(0), hex(1), hex(2), hex(3)]);
    expect(requests).toHaveLength(3);
  });

  it("a cycle of three pages stops when the first comes round again", async () => {
    const { client, requests } = hostile((page) =>
      ok(members(((page - 1) % 3) * 2, 2), info(page, 2, 1_000)),
    );
    const { error } = await drain(client, { per_page: 2 });
    expect(error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(4);
  });

  it("items without an id, the same page again and again, stop at the second", async () => {
    const { client, requests } = hostile(() =>
      ok([{ email: "a@example.com" }, { email: "b@example.com" }], info(1, 2, 50)),
    );
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeInstanceOf(PaginationError);
    expect(ids).toEqual([undefined, undefined]);
    expect(requests).toHaveLength(2);
  });

  it("the same items with a different result_info are still a repeat", async () => {
    const { client, requests } = hostile((page) => ok(members(0, 2), info(page, 2, 10 * page)));
    const { error } = await drain(client, { per_page: 2 });
    expect(error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(2);
  });

  it("a manual getNextPage loop stops too", async () => {
    const { client, requests } = hostile((page) =>
      ok(members(page % 2 === 1 ? 0 : 2, 2), info(page, 2, 1_000)),
    );
    let page = await client.iam.userGroups.members.list(GROUP, { per_page: 2 });
    const loop = async () => {
      while (page.hasNextPage()) page = await page.getNextPage();
    };
    await expect(loop()).rejects.toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(3);
  });

  it("asking for the same next page twice is not a repeat", async () => {
    const { client, requests } = hostile((page) => ok(members((page - 1) * 2, 2), info(page, 2, 6)));
    const first = await client.iam.userGroups.members.list(GROUP, { per_page: 2 });
    const second = await first.getNextPage();
    const again = await first.getNextPage();
    expect(again.result).toEqual(second.result);
    const ids: unknown[] = [];
    for await (const item of first) ids.push(item.id);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5].map(hex));
    expect(requests).toHaveLength(5);
  });

  it("separate listings do not share what they have seen", async () => {
    const { client } = hostile((page) => ok(members((page - 1) * 2, 2), info(page, 2, 4)));
    expect((await drain(client, { per_page: 2 })).ids).toHaveLength(4);
    expect((await drain(client, { per_page: 2 })).ids).toHaveLength(4);
  });
});

describe("a short or empty page is the last", () => {
  it("without result_info, a page shorter than the per_page asked for ends the listing", async () => {
    // Fresh items on every page: only the page size can tell the end.
    const { client, requests } = hostile((page) => ok(members(page * 100, 3)));
    const { ids, error } = await drain(client, { per_page: 5 });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(3);
    expect(requests).toHaveLength(1);
  });

  it("without result_info or per_page, a page shorter than the API's default of 100 ends it", async () => {
    const { client, requests } = hostile((page) => ok(members(page * 1_000, page === 1 ? 100 : 99)));
    const { ids } = await drain(client);
    expect(ids).toHaveLength(199);
    expect(requests).toHaveLength(2);
  });

  it("an empty page ends it, whatever result_info claims", async () => {
    const { client, requests } = hostile((page) =>
      ok(page < 3 ? members(page * 10, 2) : [], info(page, 2, 1_000)),
    );
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(4);
    expect(requests).toHaveLength(3);
  });

  it.each([
    ["no page", { count: 2, per_page: 2, total_count: 1_000 }],
    ["no per_page", { count: 2, page: 1, total_count: 1_000 }],
    ["no total_count", { count: 2, page: 1, per_page: 2 }],
  ])("result_info with %s says nothing about the end: the page size decides", async (_, result_info) => {
    const { client, requests } = hostile((page) => ok(members(page * 10, page < 3 ? 2 : 1), { result_info }));
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(5);
    expect(requests).toHaveLength(3);
  });

  it.each([
    ["a full last page", 4, [2, 2, 2], 2],
    ["a total_count of 0 after a full page", 0, [2, 2], 1],
  ])("full result_info decides, even on %s", async (_, total_count, sizes, pages) => {
    const { client, requests } = hostile((page) =>
      ok(members(page * 10, sizes[page - 1] ?? 0), info(page, 2, total_count)),
    );
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(2 * pages);
    expect(requests).toHaveLength(pages);
  });

  it("a null result is an empty page", async () => {
    const { client, requests } = hostile(() => ({ success: true, errors: [], messages: [], result: null }));
    expect(await drain(client)).toEqual({ ids: [], error: undefined });
    expect(requests).toHaveLength(1);
  });

  it.each([
    ["a string", "page one"],
    ["null", null],
    ["an array", [1, 2]],
    ["negative numbers", { count: 2, page: -1, per_page: -2, total_count: -5 }],
    ["strings for numbers", { count: "2", page: "x", per_page: "y", total_count: "z" }],
    ["only a per_page", { per_page: 2 }],
    ["a per_page of 0", { page: 1, per_page: 0, total_count: 1_000 }],
  ])("result_info that is %s does not stop termination", async (_, result_info) => {
    const { client, requests } = hostile(
      (page) => ok(page <= 3 ? members(page * 10, 2) : members(page * 10, 1), { result_info }),
      { maxPages: 50 },
    );
    const { error } = await drain(client, { per_page: 2 });
    expect(error === undefined || error instanceof PaginationError).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(50);
  });
});

describe("maxPages bounds a server that keeps inventing pages", () => {
  /** Fresh items on every page and a total that keeps growing: nothing else can stop this listing. */
  const endless = (page: number) => ok(members(page * 2, 2), info(page, 2, page * 2 + 100));

  it("per call: stops after maxPages pages with a PaginationError", async () => {
    const { client, requests } = hostile(endless);
    const { ids, error } = await drain(client, { per_page: 2 }, { maxPages: 5 });
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/maxPages \(5\)/);
    expect(ids).toHaveLength(10);
    expect(requests).toHaveLength(5);
  });

  it("on the client: the default for every listing, which a call may raise", async () => {
    const { client, requests } = hostile(endless, { maxPages: 3 });
    expect((await drain(client, { per_page: 2 })).error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(3);
    expect((await drain(client, { per_page: 2 }, { maxPages: 4 })).error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(3 + 4);
  });

  it("without result_info, full pages of new items forever stop at maxPages", async () => {
    const { client, requests } = hostile((page) => ok(members(page * 2, 2)), { maxPages: 7 });
    expect((await drain(client, { per_page: 2 })).error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(7);
  });

  it("a listing of exactly maxPages pages completes", async () => {
    const { client, requests } = hostile((page) => ok(members(page * 2, 2), info(page, 2, 10)), {
      maxPages: 5,
    });
    const { ids, error } = await drain(client, { per_page: 2 });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(10);
    expect(requests).toHaveLength(5);
  });

  it("counts from the page the listing started at", async () => {
    const { client, requests } = hostile(endless);
    expect((await drain(client, { per_page: 2, page: 40 }, { maxPages: 2 })).error).toBeInstanceOf(
      PaginationError,
    );
    expect(requests.map(pageOf)).toEqual([40, 41]);
  });

  it("defaults to 10,000 pages", async () => {
    const { client, requests } = hostile((page) => ok([member(hex(page))], info(page, 1, page + 1)));
    const { ids, error } = await drain(client, { per_page: 1 });
    expect(error).toBeInstanceOf(PaginationError);
    expect(ids).toHaveLength(10_000);
    expect(requests).toHaveLength(10_000);
  }, 60_000);
});

describe("a list result that is not a list", () => {
  it.each([
    ["an object", { id: "x" }],
    ["a string", "abc"],
    ["a number", 3],
  ])("%s is an APIError, not a page to iterate", async (_, result) => {
    const { client, requests } = hostile(() => ({ success: true, errors: [], messages: [], result }));
    const { ids, error } = await drain(client);
    expect(error).toBeInstanceOf(APIError);
    expect(ids).toEqual([]);
    expect(requests).toHaveLength(1);
  });
});
