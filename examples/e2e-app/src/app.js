// The app's routes. Every page is rendered on the server from the API's
// answers; writes are form posts answered with a redirect (post/redirect/get),
// so a reload never repeats them. A failed API call renders the page with an
// error banner instead of crashing the request.

import { describeFailure } from "./failure.js";
import { groupListPage, groupPage, homePage, messagePage } from "./pages.js";

/** @typedef {import("@cf-user-groups/client").UserGroupsClient} UserGroupsClient */
/** @typedef {import("node:http").IncomingMessage} IncomingMessage */
/** @typedef {import("node:http").ServerResponse} ServerResponse */
/** @typedef {{ status?: number; body?: import("./html.js").SafeHtml; redirect?: string }} Reply */

/** Cloudflare's ids: 32 hexadecimal characters. Anything else never reaches the API. */
const ID = "([0-9a-f]{32})";
/** How many groups the list shows; each costs one more request for its member count. */
const GROUPS_PER_PAGE = 50;
/** Form bodies are a name or an id: anything larger gets a 413. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * The app as a `node:http` request listener.
 *
 * @param {UserGroupsClient} client A client with credentials and base URL; each call names its account.
 * @returns {(request: IncomingMessage, response: ServerResponse) => void}
 * @example
 * http.createServer(createApp(new UserGroupsClient({ apiToken }))).listen(3000);
 */
export function createApp(client) {
  const groups = client.iam.userGroups;

  /**
   * The list page; `extra` carries what a failed create shows on it.
   *
   * @param {string} accountId
   * @param {{ status?: number; error?: string; name?: string }} [extra]
   * @returns {Promise<Reply>}
   */
  async function listGroups(accountId, extra = {}) {
    const { status = 200, ...view } = extra;
    return orBanner(
      async () => {
        const page = await groups.list({ account_id: accountId, per_page: GROUPS_PER_PAGE });
        // The list does not carry member counts: one small request per group asks for the total.
        const rows = await Promise.all(
          page.result.map(async (group) => {
            const members = await groups.members.list(group.id, { account_id: accountId, per_page: 1 });
            return { group, memberCount: members.result_info.total_count ?? members.result.length };
          }),
        );
        return {
          status,
          body: groupListPage({ accountId, groups: rows, totalCount: page.result_info.total_count, ...view }),
        };
      },
      (failure) => ({
        // A banner already on the page (a failed create) is the one that matters.
        status: extra.status ?? failure.status,
        body: groupListPage({ accountId, groups: undefined, ...view, error: view.error ?? failure.message }),
      }),
    );
  }

  /**
   * The group page; `extra` carries what a failed member change shows on it.
   *
   * @param {string} accountId
   * @param {string} groupId
   * @param {{ status?: number; error?: string; memberId?: string }} [extra]
   * @returns {Promise<Reply>}
   */
  async function showGroup(accountId, groupId, extra = {}) {
    const { status = 200, ...view } = extra;
    return orBanner(
      async () => {
        const [group, members] = await Promise.all([
          groups.get(groupId, { account_id: accountId }),
          collect(groups.members.list(groupId, { account_id: accountId, per_page: 100 })),
        ]);
        return { status, body: groupPage({ accountId, group, members, ...view }) };
      },
      (failure) => ({
        status: failure.status,
        body: messagePage({
          title: "User group",
          error: view.error ?? failure.message,
          back: `/accounts/${accountId}/groups`,
        }),
      }),
    );
  }

  /** @type {{ method: string; path: RegExp; run: (request: IncomingMessage, url: URL, ...ids: string[]) => Promise<Reply> }[]} */
  const routes = [
    { method: "GET", path: /^\/$/, run: async () => ({ body: homePage() }) },
    {
      method: "GET",
      path: /^\/accounts$/,
      run: async (_request, url) => {
        const accountId = url.searchParams.get("accountId")?.trim().toLowerCase() ?? "";
        return /^[0-9a-f]{32}$/.test(accountId)
          ? { redirect: `/accounts/${accountId}/groups` }
          : {
              status: 400,
              body: messagePage({
                title: "Start",
                error: "An account id is 32 hexadecimal characters.",
                back: "/",
              }),
            };
      },
    },
    {
      method: "GET",
      path: new RegExp(`^/accounts/${ID}/groups$`),
      run: (_request, _url, accountId = "") => listGroups(accountId),
    },
    {
      method: "POST",
      path: new RegExp(`^/accounts/${ID}/groups$`),
      run: async (request, _url, accountId = "") => {
        const name = (await readForm(request)).get("name")?.trim() ?? "";
        if (!name) return listGroups(accountId, { status: 400, error: "A group needs a name." });
        return orBanner(
          async () => {
            const group = await groups.create({ account_id: accountId, name });
            return { redirect: `/accounts/${accountId}/groups/${group.id}` };
          },
          (failure) => listGroups(accountId, { status: failure.status, error: failure.message, name }),
        );
      },
    },
    {
      method: "GET",
      path: new RegExp(`^/accounts/${ID}/groups/${ID}$`),
      run: (_request, _url, accountId = "", groupId = "") => showGroup(accountId, groupId),
    },
    {
      method: "POST",
      path: new RegExp(`^/accounts/${ID}/groups/${ID}/members$`),
      run: async (request, _url, accountId = "", groupId = "") => {
        const memberId = (await readForm(request)).get("memberId")?.trim().toLowerCase() ?? "";
        if (!/^[0-9a-f]{32}$/.test(memberId)) {
          return showGroup(accountId, groupId, {
            status: 400,
            error: "A member id is 32 hexadecimal characters.",
            memberId,
          });
        }
        return orBanner(
          async () => {
            await groups.members.create(groupId, { account_id: accountId, members: [{ id: memberId }] });
            return { redirect: `/accounts/${accountId}/groups/${groupId}` };
          },
          (failure) =>
            showGroup(accountId, groupId, { status: failure.status, error: failure.message, memberId }),
        );
      },
    },
    {
      method: "POST",
      path: new RegExp(`^/accounts/${ID}/groups/${ID}/members/${ID}/delete$`),
      run: async (request, _url, accountId = "", groupId = "", memberId = "") => {
        await readForm(request);
        return orBanner(
          async () => {
            await groups.members.delete(memberId, { account_id: accountId, user_group_id: groupId });
            return { redirect: `/accounts/${accountId}/groups/${groupId}` };
          },
          (failure) => showGroup(accountId, groupId, { status: failure.status, error: failure.message }),
        );
      },
    },
  ];

  return (request, response) => {
    handle(request, response).catch((error) => {
      // The browser hung up: there is no one to answer.
      if (request.socket.destroyed) return;
      if (error instanceof FormTooLargeError) {
        send(response, {
          status: 413,
          body: messagePage({ title: "Too large", error: "That form was too large (413).", back: "/" }),
        });
        return;
      }
      // A bug, not Cloudflare: log it with its stack, and answer without details.
      console.error(`${request.method} ${request.url}:`, error);
      if (response.headersSent) response.destroy();
      else {
        send(response, {
          status: 500,
          body: messagePage({
            title: "Something went wrong",
            error: "Something went wrong on our side (500).",
            back: "/",
          }),
        });
      }
    });
  };

  /** @param {IncomingMessage} request @param {ServerResponse} response */
  async function handle(request, response) {
    const url = new URL(request.url ?? "/", "http://app.invalid");
    const matching = routes.filter((route) => route.path.test(url.pathname));
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      request.resume();
      const status = matching.length > 0 ? 405 : 404;
      send(response, {
        status,
        body: messagePage({
          title: status === 404 ? "Not found" : "Not allowed",
          error:
            status === 404 ? "There is no page here (404)." : `${request.method} is not allowed here (405).`,
          back: "/",
        }),
      });
      return;
    }
    // A form on another site must not be able to change groups through a logged-in browser.
    const origin = request.headers.origin;
    if (request.method === "POST" && origin !== undefined && hostOf(origin) !== request.headers.host) {
      request.resume();
      send(response, {
        status: 403,
        body: messagePage({
          title: "Not allowed",
          error: "Forms can only be sent from this app (403).",
          back: "/",
        }),
      });
      return;
    }
    const ids = route.path.exec(url.pathname)?.slice(1) ?? [];
    send(response, await route.run(request, url, ...ids));
  }
}

/**
 * Runs `action`; if a call to Cloudflare in it fails, answers with
 * `onFailure` instead. Anything else (a bug) is rethrown.
 *
 * @param {() => Promise<Reply>} action
 * @param {(failure: import("./failure.js").Failure) => Reply | Promise<Reply>} onFailure
 * @returns {Promise<Reply>}
 */
async function orBanner(action, onFailure) {
  try {
    return await action();
  } catch (error) {
    const failure = describeFailure(error);
    if (!failure) throw error;
    return onFailure(failure);
  }
}

/**
 * Every item of a paginated list.
 *
 * @template T
 * @param {AsyncIterable<T>} items
 * @returns {Promise<T[]>}
 */
async function collect(items) {
  /** @type {T[]} */
  const all = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The host of an `Origin` header, or undefined for `null` and anything else that is not a URL. */
function hostOf(/** @type {string} */ origin) {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

class FormTooLargeError extends Error {}

/**
 * A url-encoded form body. Past {@link MAX_FORM_BYTES} the rest is read and
 * dropped (so the 413 can still be sent) and the promise rejects.
 *
 * @param {IncomingMessage} request
 * @returns {Promise<URLSearchParams>}
 */
function readForm(request) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    request.on("data", (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_FORM_BYTES) reject(new FormTooLargeError());
      else resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    });
    request.on("error", reject);
  });
}

/** @param {ServerResponse} response @param {Reply} reply */
function send(response, reply) {
  if (reply.redirect) {
    response.writeHead(303, { location: reply.redirect }).end();
    return;
  }
  response
    .writeHead(reply.status ?? 200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // Nothing on these pages runs script, loads from elsewhere or may be framed.
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .end(String(reply.body ?? ""));
}
