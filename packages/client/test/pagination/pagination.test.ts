import { describe, expect, it } from "vitest";
import { CloudflareError, UserGroupsClient } from "../../src/index.js";
import { ACCOUNT, GROUP, HttpResponse, member, ok, TOKEN, useMockServer } from "../support/mock-api.js";

const { server, seen, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN, accountId: ACCOUNT });

const hex = (n: number) => n.toString(16).padStart(32, "0");
const members = (count: number) =>
  Array.from({ length: count }, (_, i) => member(hex(i), `user${i}@example.com`));

/** Serves `items` page by page like Cloudflare, with `result_info` unless told not to. */
function serve(items: unknown[], { resultInfo = true } = {}) {
  server.use(
    answer(({ url }) => {
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 100);
      const result = items.slice((page - 1) * perPage, page * perPage);
      const info = { count: result.length, page, per_page: perPage, total_count: items.length };
      return HttpResponse.json(ok(result, resultInfo ? { result_info: info } : {}));
    }),
  );
}

async function collect(perPage: number) {
  const ids: string[] = [];
  for await (const item of client.iam.userGroups.members.list(GROUP, { per_page: perPage }))
    ids.push(item.id);
  return ids;
}

describe("for await over a list", () => {
  it.each([
    [0, 100, 1],
    [1, 100, 1],
    [100, 100, 1],
    [101, 100, 2],
    [250, 100, 3],
    [10_000, 500, 20],
    [10_000, 100, 100],
  ])("%i items at %i per page take %i requests", async (count, perPage, requests) => {
    serve(members(count));
    const ids = await collect(perPage);
    expect(ids).toEqual(members(count).map((item) => item.id));
    expect(seen).toHaveLength(requests);
    expect(seen.map((request) => request.url.searchParams.get("page"))).toEqual(
      Array.from({ length: requests }, (_, i) => (i === 0 ? null : String(i + 1))),
    );
  });

  it("keeps the query on every page", async () => {
    serve(members(3));
    for await (const _ of client.iam.userGroups.members.list(GROUP, { per_page: 1, fuzzyEmail: "user" })) {
      // iterate all pages
    }
    expect(seen.map((request) => request.url.searchParams.get("fuzzyEmail"))).toEqual([
      "user",
      "user",
      "user",
    ]);
  });

  it("starts from the page asked for", async () => {
    serve(members(5));
    const ids: string[] = [];
    for await (const item of client.iam.userGroups.members.list(GROUP, { per_page: 2, page: 2 }))
      ids.push(item.id);
    expect(ids).toEqual([hex(2), hex(3), hex(4)]);
    expect(seen.map((request) => request.url.searchParams.get("page"))).toEqual(["2", "3"]);
  });

  it("without result_info, stops at a short page", async () => {
    serve(members(5), { resultInfo: false });
    server.use(
      answer(({ url }) => {
        const page = Number(url.searchParams.get("page") ?? 1);
        const result = members(5).slice((page - 1) * 2, page * 2);
        return HttpResponse.json(ok(result, { result_info: { per_page: 2 } }));
      }),
    );
    expect(await collect(2)).toHaveLength(5);
    expect(seen).toHaveLength(3);
  });

  it("without any result_info, stops at the first empty page", async () => {
    serve(members(4), { resultInfo: false });
    expect(await collect(2)).toHaveLength(4);
    expect(seen).toHaveLength(3);
  });

  it("stops with an error, not forever, when the server ignores page", async () => {
    server.use(answer(() => HttpResponse.json(ok(members(2)))));
    const error = await collect(2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudflareError);
    expect((error as Error).message).toMatch(/the server seems to ignore `page`/);
    expect(seen).toHaveLength(2);
  });
});

describe("pages", () => {
  it("await gives the first page with hasNextPage, getNextPage and iterPages", async () => {
    serve(members(5));
    const first = await client.iam.userGroups.members.list(GROUP, { per_page: 2 });
    expect(first.result.map((item) => item.id)).toEqual([hex(0), hex(1)]);
    expect(first.getPaginatedItems()).toBe(first.result);
    expect(first.result_info).toEqual({ count: 2, page: 1, per_page: 2, total_count: 5 });
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.result_info.page).toBe(2);
    const sizes: number[] = [];
    for await (const page of first.iterPages()) sizes.push(page.result.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("getNextPage on the last page throws without a request", async () => {
    serve(members(1));
    const only = await client.iam.userGroups.members.list(GROUP);
    expect(only.hasNextPage()).toBe(false);
    await expect(only.getNextPage()).rejects.toThrow(/No next page/);
    expect(seen).toHaveLength(1);
  });

  it("member writes resolve to a single page that never asks for more", async () => {
    server.use(answer(() => HttpResponse.json(ok(members(3)))));
    const page = await client.iam.userGroups.members.create(GROUP, { members: [{ id: hex(1) }] });
    expect(page.result).toHaveLength(3);
    expect(page.hasNextPage()).toBe(false);
    const ids: string[] = [];
    for await (const item of client.iam.userGroups.members.update(GROUP, { members: [] })) ids.push(item.id);
    expect(ids).toHaveLength(3);
    expect(seen).toHaveLength(2);
  });
});
