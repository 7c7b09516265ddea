import { APIPromise } from "./api-promise.js";
import { checkWhole } from "./checks.js";
import type { ResolvedOptions } from "./client-options.js";
import { CloudflareError, PaginationError } from "./errors.js";
import { fingerprint, PagePromise, SinglePage, V4PagePaginationArray } from "./pagination.js";
import { buildURL } from "./request-url.js";
import { type Reply, type RequestOptions, readEnvelope, send } from "./transport.js";

/** What fills an operation's path template, and its JSON body or its query. */
export type Arguments = [path: Record<string, unknown>, body?: unknown, query?: Record<string, unknown>];

type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Sends one call of an operation and parses its reply, as an
 * {@link APIPromise}. `args` runs inside, so bad arguments (a missing
 * account, an unsafe id) reject the promise before anything is sent.
 */
export function call<T, P extends APIPromise<T> = APIPromise<T>>(
  options: ResolvedOptions,
  method: Method,
  template: string,
  args: () => Arguments,
  requestOptions: RequestOptions | undefined,
  parse: (reply: Reply) => T,
  Promise_: new (reply: Promise<Reply>, parse: (reply: Reply) => T) => P = APIPromise as never,
): P {
  let reply: Promise<Reply>;
  try {
    const [path, body, query] = args();
    const url = buildURL(options.baseURL, template, path, query);
    reply = send(
      options,
      {
        method,
        url,
        path: url.slice(options.baseURL.length),
        body: body === undefined ? body : JSON.stringify(body),
      },
      requestOptions,
    );
  } catch (error) {
    reply = Promise.reject(error);
  }
  return new Promise_(reply, parse);
}

/** The reply's `result`, after the envelope checks. */
export const result = <T>(reply: Reply): T => readEnvelope(reply).result as T;

/**
 * The path ids of a call: the call's own `account_id`, else the client's
 * `accountId`, and the other ids given.
 */
export function ids(
  options: ResolvedOptions,
  params: { account_id?: string | undefined } | undefined,
  others?: Record<string, unknown>,
): Record<string, unknown> {
  const account_id = params?.account_id ?? options.accountId;
  if (account_id === undefined) {
    throw new CloudflareError(
      "account_id is required: pass it in the call's params, or set `accountId` on the client.",
    );
  }
  return { account_id, ...others };
}

/**
 * A paginated list call: the first page now, and each following page on
 * demand, with `page` one higher than the page before. `page` and `per_page`
 * are checked before sending (from plain JS, `page: "2"` would otherwise ask
 * for page "21" next).
 *
 * Every page of one chain (what `for await`, `iterPages()` and repeated
 * `getNextPage()` walk) is remembered by the fingerprint of its items and its
 * position, so a server that repeats or cycles pages is stopped at the first
 * repeat, and `maxPages` bounds a server that keeps inventing new ones.
 */
export function paginate<Item>(
  options: ResolvedOptions,
  template: string,
  args: (page: number | undefined) => Arguments,
  page: number | undefined,
  requestOptions: RequestOptions | undefined,
  seen = new Map<string, number>(),
  position = 1,
): PagePromise<V4PagePaginationArray<Item>, Item> {
  let perPage: number | undefined;
  return call(
    options,
    "GET",
    template,
    () => {
      const built = args(page);
      const query = built[2] ?? {};
      for (const name of ["page", "per_page"]) {
        if (query[name] != null) checkWhole(name, query[name], 1, name === "page" ? undefined : 500);
      }
      perPage = query.per_page as number | undefined;
      return built;
    },
    requestOptions,
    (reply) => {
      const body = readEnvelope(reply, true);
      const key = fingerprint(body.result);
      // The same items at another position: the server ignores `page`, or its pages cycle.
      if ((seen.get(key) ?? position) !== position)
        throw new PaginationError(
          `Page ${page} repeats an earlier page: the server seems to ignore the \`page\` parameter.`,
        );
      seen.set(key, position);
      return new V4PagePaginationArray<Item>(
        body as ConstructorParameters<typeof V4PagePaginationArray<Item>>[0],
        () => {
          const maxPages = requestOptions?.maxPages ?? options.maxPages;
          if (position >= maxPages)
            throw new PaginationError(
              `Stopped at maxPages (${maxPages}) while the server announced more pages.`,
            );
          return paginate(options, template, args, (page ?? 1) + 1, requestOptions, seen, position + 1);
        },
        reply.response,
        perPage,
      );
    },
    PagePromise<V4PagePaginationArray<Item>, Item>,
  );
}

/** A call whose result is a list that is not paginated. */
export function singlePage<Item>(
  options: ResolvedOptions,
  method: Method,
  template: string,
  args: () => Arguments,
  requestOptions: RequestOptions | undefined,
): PagePromise<SinglePage<Item>, Item> {
  return call(
    options,
    method,
    template,
    args,
    requestOptions,
    (reply) =>
      new SinglePage<Item>(readEnvelope(reply, true) as { result?: Item[] }, undefined, reply.response),
    PagePromise<SinglePage<Item>, Item>,
  );
}
