import { APIPromise } from "./api-promise.js";
import { checkWhole } from "./checks.js";
import type { ResolvedOptions } from "./client-options.js";
import { CloudflareError, PaginationError } from "./errors.js";
import { MEMBERS_BODY, type Operation, QUERY } from "./operations.js";
import { fingerprint, PagePromise, SinglePage, V4PagePaginationArray } from "./pagination.js";
import { fillPath, search } from "./request-url.js";
import { LOG, type Reply, type RequestOptions, readEnvelope, send } from "./transport.js";

/** A call's params as the methods take them: `account_id`, and what the operation sends. */
export type Params = { account_id?: string | undefined; [key: string]: unknown } | undefined;

/**
 * Sends one call of an operation and parses its reply, as an
 * {@link APIPromise}. The path is filled from `ids`, then `params`;
 * `account_id` defaults to the client's `accountId`; what else is sent is
 * the operation's {@link Sends}. Bad arguments (a missing account, an unsafe
 * id, a `page` that is not a whole number) reject the promise before
 * anything is sent. By default the reply is parsed to its `result`, or, for
 * a delete a retry found already done, to `{ id }` of the path id given.
 */
export function call<T, P extends APIPromise<T> = APIPromise<T>>(
  options: ResolvedOptions,
  [method, template, repeat, sends]: Operation,
  params: Params,
  ids: Record<string, string>,
  requestOptions: RequestOptions | undefined,
  parse = (reply: Reply): T => (reply.gone ? { id: Object.values(ids)[0] } : readEnvelope(reply).result) as T,
  Promise_: new (reply: Promise<Reply>, parse: (reply: Reply) => T) => P = APIPromise as never,
): P {
  let reply: Promise<Reply>;
  try {
    // Methods whose params may be left out pass `{}`; for the others, a missing one throws here, before sending.
    const { account_id = options.accountId, ...rest } = params as NonNullable<Params>;
    if (account_id === undefined)
      throw new CloudflareError(
        "account_id is required: pass it in the call's params, or set `accountId` on the client.",
      );
    if (sends === QUERY)
      for (const name of ["page", "per_page"])
        if (rest[name] != null) checkWhole(name, rest[name], 1, name === "page" ? undefined : 500);
    const query = sends === QUERY && search(rest);
    const path = fillPath(template, { ...rest, account_id, ...ids }) + (query ? `?${query}` : "");
    reply = send(
      options,
      {
        method,
        url: options.baseURL + path,
        path,
        body:
          (sends as number) > QUERY
            ? JSON.stringify(sends === MEMBERS_BODY ? rest.members : rest)
            : undefined,
        repeat,
      },
      requestOptions,
    );
  } catch (error) {
    reply = Promise.reject(error);
  }
  return new Promise_(reply, parse);
}

/**
 * A paginated list call: the first page now, and each following page on
 * demand, with `page` one higher than the page before.
 *
 * Every page of one chain (what `for await`, `iterPages()` and repeated
 * `getNextPage()` walk) is remembered by the fingerprint of its items and its
 * position, so a server that repeats or cycles pages is stopped at the first
 * repeat, and `maxPages` bounds a server that keeps inventing new ones.
 */
export function paginate<Item>(
  options: ResolvedOptions,
  operation: Operation,
  params: Params,
  ids: Record<string, string>,
  requestOptions: RequestOptions | undefined,
  seen = new Map<string, number>(),
  position = 1,
): PagePromise<V4PagePaginationArray<Item>, Item> {
  const { page = 1, per_page } = params as { page?: number; per_page?: number };
  return call(
    options,
    operation,
    params,
    ids,
    requestOptions,
    (reply) => {
      const body = readEnvelope(reply, true);
      const key = fingerprint(body.result);
      // The same items at another position: the server ignores `page`, or its pages cycle.
      if ((seen.get(key) ?? position) !== position)
        throw new PaginationError(
          `Page ${page} repeats an earlier page: the server seems to ignore \`page\`.`,
        );
      seen.set(key, position);
      return new V4PagePaginationArray<Item>(
        body as ConstructorParameters<typeof V4PagePaginationArray<Item>>[0],
        () => {
          const maxPages = requestOptions?.maxPages ?? options.maxPages;
          if (position >= maxPages)
            throw new PaginationError(`maxPages (${maxPages}) reached, and the server announced more.`);
          options.log.debug?.(`${LOG}next page`, { page: page + 1 });
          return paginate(
            options,
            operation,
            { ...params, page: page + 1 },
            ids,
            requestOptions,
            seen,
            position + 1,
          );
        },
        reply.response,
        per_page,
      );
    },
    PagePromise<V4PagePaginationArray<Item>, Item>,
  );
}

/** A call whose result is a list that is not paginated (adding or replacing members). */
export const singlePage = <Item>(
  options: ResolvedOptions,
  operation: Operation,
  params: Params,
  ids: Record<string, string>,
  requestOptions: RequestOptions | undefined,
): PagePromise<SinglePage<Item>, Item> =>
  call(
    options,
    operation,
    params,
    ids,
    requestOptions,
    (reply) =>
      new SinglePage<Item>(readEnvelope(reply, true) as { result?: Item[] }, undefined, reply.response),
    PagePromise<SinglePage<Item>, Item>,
  );
