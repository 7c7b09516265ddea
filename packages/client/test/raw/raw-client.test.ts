import { describe, expect, it, vi } from "vitest";
import { APIError, CloudflareError, NotFoundError, UserGroupsClient } from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import {
  ACCOUNT,
  failure,
  GROUP,
  group,
  HttpResponse,
  MEMBER,
  member,
  ok,
  TOKEN,
  useMockServer,
} from "../support/mock-api.js";

const { server, seen, answer } = useMockServer();
const client = new UserGroupsClient({ apiToken: TOKEN, maxRetries: 1 });

describe("rawClient", () => {
  it("is an openapi-fetch client on the spec's paths, with the client's auth", async () => {
    server.use(
      answer(() =>
        HttpResponse.json(ok([group()], { result_info: { count: 1, page: 1, per_page: 5, total_count: 1 } })),
      ),
    );
    const { data, response } = await rawClient(client).GET("/accounts/{account_id}/iam/user_groups", {
      params: { path: { account_id: ACCOUNT }, query: { per_page: 5, fuzzyName: "aud" } },
    });
    expect(response.status).toBe(200);
    expect(data?.result).toEqual([group()]);
    expect(seen[0]?.url.search).toBe("?per_page=5&fuzzyName=aud");
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.headers.get("accept")).toBe("application/json");
  });

  it("sends bodies as JSON, the members body as a bare array", async () => {
    server.use(answer(() => HttpResponse.json(ok([member()]))));
    await rawClient(client).POST("/accounts/{account_id}/iam/user_groups/{user_group_id}/members", {
      params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      body: [{ id: MEMBER }],
    });
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.body).toBe(JSON.stringify([{ id: MEMBER }]));
    expect(seen[0]?.headers.get("content-type")).toBe("application/json");
  });

  it("retries like the methods, re-sending the body", async () => {
    server.use(
      answer((_, attempt) =>
        attempt === 1
          ? HttpResponse.json({}, { status: 503, headers: { "retry-after-ms": "1" } })
          : HttpResponse.json(ok(group())),
      ),
    );
    const { data } = await rawClient(client).PUT("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
      params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      body: { name: "Renamed" },
    });
    expect(data?.result).toEqual(group());
    expect(seen.map((request) => request.body)).toEqual([
      JSON.stringify({ name: "Renamed" }),
      JSON.stringify({ name: "Renamed" }),
    ]);
  });

  it("throws the same typed errors instead of resolving { error }", async () => {
    server.use(answer(() => HttpResponse.json(failure(1003, "not found"), { status: 404 })));
    const call = rawClient(client).DELETE("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
      params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
    });
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
  });

  it("throws on a 200 with success: false", async () => {
    server.use(answer(() => HttpResponse.json(failure(10000, "Authentication error"))));
    await expect(
      rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      }),
    ).rejects.toBeInstanceOf(APIError);
  });

  it("refuses unsafe path parameters before sending", async () => {
    await expect(
      rawClient(client).GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: ".." } },
      }),
    ).rejects.toBeInstanceOf(CloudflareError);
    expect(seen).toHaveLength(0);
  });

  it("looks up globalThis.fetch at call time too", async () => {
    const late = new UserGroupsClient({ apiToken: TOKEN });
    const raw = rawClient(late);
    const stub = vi.fn(async () => Response.json(ok(group())));
    vi.stubGlobal("fetch", stub);
    try {
      await raw.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", {
        params: { path: { account_id: ACCOUNT, user_group_id: GROUP } },
      });
      expect(stub).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("takes only a UserGroupsClient", () => {
    expect(() => rawClient({} as never)).toThrow(/rawClient\(\) takes a UserGroupsClient/);
  });
});
