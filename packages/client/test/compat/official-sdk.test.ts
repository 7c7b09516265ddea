import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { typecheckSources } from "../../../../scripts/lib/typecheck.js";
import { ACCOUNT, failure, HttpResponse, http, member, ok, useMockServer } from "../support/mock-api.js";
import { manageAuditors } from "./official-sdk-consumer.js";

const BASE_URL = "https://compat.example/client/v4";
const MEMBERS = ["4f5f0c14a2a41d5063dd301b2f829f04", "7c5dae5552338874e5053f2534d2767a"];
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const generatedDir = fileURLToPath(new URL("./.generated/", import.meta.url));

/** The consumer's source with the official constructor swapped for ours, and nothing else changed. */
const swapped = readFileSync(new URL("./official-sdk-consumer.ts", import.meta.url), "utf8")
  .replace(
    'import Cloudflare from "cloudflare";',
    'import { UserGroupsClient } from "@cf-user-groups/client";',
  )
  .replaceAll(/\bCloudflare\b(?=[.(])/g, "UserGroupsClient");

/** A small stateful API: enough for the consumer, answering both clients the same way. */
function statefulHandlers() {
  const groups = new Map<
    string,
    { id: string; name: string; created_on: string; modified_on: string; policies: unknown[] }
  >();
  const memberships = new Map<string, string[]>();
  let next = 0;
  const at = "2026-01-01T00:00:00Z";
  const directory = Object.fromEntries(MEMBERS.map((id, i) => [id, member(id, `user${i}@example.com`)]));
  const page = (items: unknown[], url: URL) => {
    const number = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("per_page") ?? 100);
    const result = items.slice((number - 1) * size, number * size);
    return ok(result, {
      result_info: { count: result.length, page: number, per_page: size, total_count: items.length },
    });
  };
  const base = `${BASE_URL}/accounts/:account/iam/user_groups`;
  const notFound = () => HttpResponse.json(failure(1003, "not found"), { status: 404 });
  // Two existing groups, so listing needs more than one page.
  for (const name of ["Billing", "Zone admins"]) {
    const id = (next++).toString(16).padStart(32, "a");
    groups.set(id, { id, name, created_on: at, modified_on: at, policies: [] });
  }
  return [
    http.get(base, ({ request }) => {
      const url = new URL(request.url);
      const fuzzy = url.searchParams.get("fuzzyName")?.toLowerCase();
      let list = [...groups.values()].filter((g) => !fuzzy || g.name.toLowerCase().includes(fuzzy));
      list = list.sort((a, b) => a.name.localeCompare(b.name));
      if (url.searchParams.get("direction") === "desc") list.reverse();
      return HttpResponse.json(page(list, url));
    }),
    http.post(base, async ({ request }) => {
      const body = (await request.json()) as { name: string; policies: object[] };
      const id = (next++).toString(16).padStart(32, "a");
      const group = {
        id,
        name: body.name,
        created_on: at,
        modified_on: at,
        policies: body.policies.map((p, i) => ({ ...p, id: `${i}`.padStart(32, "b") })),
      };
      groups.set(id, group);
      return HttpResponse.json(ok(group));
    }),
    http.get(`${base}/:group`, ({ params }) => {
      const group = groups.get(params.group as string);
      return group ? HttpResponse.json(ok(group)) : notFound();
    }),
    http.put(`${base}/:group`, async ({ params, request }) => {
      const group = groups.get(params.group as string);
      if (!group) return notFound();
      Object.assign(group, await request.json());
      return HttpResponse.json(ok(group));
    }),
    http.delete(`${base}/:group`, ({ params }) => {
      const id = params.group as string;
      return groups.delete(id) ? HttpResponse.json(ok({ id })) : notFound();
    }),
    http.get(`${base}/:group/members`, ({ params, request }) => {
      const ids = memberships.get(params.group as string) ?? [];
      return HttpResponse.json(
        page(
          ids.map((id) => directory[id]),
          new URL(request.url),
        ),
      );
    }),
    http.post(`${base}/:group/members`, async ({ params, request }) => {
      const ids = ((await request.json()) as { id: string }[]).map((m) => m.id);
      const current = memberships.get(params.group as string) ?? [];
      memberships.set(params.group as string, [...new Set([...current, ...ids])]);
      return HttpResponse.json(ok(ids.map((id) => directory[id])));
    }),
    http.put(`${base}/:group/members`, async ({ params, request }) => {
      const ids = ((await request.json()) as { id: string }[]).map((m) => m.id);
      memberships.set(params.group as string, ids);
      return HttpResponse.json(ok(ids.map((id) => directory[id])));
    }),
    http.get(`${base}/:group/members/:member`, ({ params }) =>
      HttpResponse.json(ok({ ...directory[params.member as string], user: { first_name: "Alice" } })),
    ),
    http.delete(`${base}/:group/members/:member`, ({ params }) => {
      const ids = memberships.get(params.group as string) ?? [];
      memberships.set(
        params.group as string,
        ids.filter((id) => id !== params.member),
      );
      return HttpResponse.json(ok(directory[params.member as string]));
    }),
  ];
}

const { server } = useMockServer();
afterAll(() => rmSync(generatedDir, { recursive: true, force: true }));

describe("drop-in for the official SDK's client.iam.userGroups", () => {
  // The TypeScript compiler, against the client's sources: a few seconds on an idle machine,
  // several times that on a busy 2-core CI machine running other packages' tests alongside.
  it("the consumer, with only the constructor swapped, type-checks against UserGroupsClient", () => {
    expect(swapped).toContain("new UserGroupsClient({");
    expect(swapped).not.toMatch(/\bCloudflare\b/);
    const problems = typecheckSources([{ name: "swapped consumer", code: swapped }], {
      dir: `${packageDir}/node_modules/.cache/compat`,
      paths: { "@cf-user-groups/client": [`${packageDir}/src/index.ts`] },
      lib: ["lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.es2018.asynciterable.d.ts"],
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it("runs unchanged and gives the same results as the official SDK", async () => {
    const options = { baseURL: BASE_URL, accountId: ACCOUNT, memberIds: MEMBERS };

    server.use(...statefulHandlers());
    const official = await manageAuditors(options);

    mkdirSync(generatedDir, { recursive: true });
    writeFileSync(
      `${generatedDir}swapped-consumer.ts`,
      swapped.replace('from "@cf-user-groups/client"', 'from "../../../src/index.js"'),
    );
    server.resetHandlers(...statefulHandlers());
    const { manageAuditors: swappedManageAuditors } = await import(`${generatedDir}swapped-consumer.ts`);
    const ours = await swappedManageAuditors(options);

    expect(ours).toEqual(official);
    expect(official).toMatchObject({
      created: "Auditors",
      renamed: "Read-only auditors",
      names: ["Billing", "Read-only auditors", "Zone admins"],
      emails: ["user0@example.com", "user1@example.com"],
      missing: "not found (404)",
      withResponse: ["Read-only auditors", 200],
    });
  });
});
