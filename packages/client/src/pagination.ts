import type { ResultInfo } from "@cf-user-groups/types";
import { APIPromise } from "./api-promise.js";
import { CloudflareError } from "./errors.js";

/** Fetches the page after this one; undefined for results that are a single page. */
type NextPage = (() => PromiseLike<unknown>) | undefined;

/**
 * What pages have in common: the items in `result`, and iteration over every
 * item of this page and the ones after it.
 *
 * @example
 * ```ts
 * for await (const page of (await client.iam.userGroups.list()).iterPages()) console.log(page.result.length);
 * ```
 */
export abstract class AbstractPage<Item> implements AsyncIterable<Item> {
  /** The items on this page. */
  readonly result: Item[];
  readonly #next: NextPage;

  constructor(
    body: { result?: Item[] | null },
    next: NextPage,
    /** The HTTP response this page came from. */
    readonly response: Response,
  ) {
    this.result = body.result ?? [];
    this.#next = next;
  }

  /** The items on this page (the official SDK's name for `result`). */
  getPaginatedItems(): Item[] {
    return this.result;
  }

  /** Whether another page may follow. */
  abstract hasNextPage(): boolean;

  /** Fetches the next page; check {@link hasNextPage} first. */
  async getNextPage(): Promise<this> {
    if (!this.#next || !this.hasNextPage()) {
      throw new CloudflareError("No next page; check hasNextPage() first.");
    }
    const next = (await this.#next()) as this;
    const first = (page: AbstractPage<Item>) => (page.result[0] as { id?: unknown } | undefined)?.id;
    if (first(next) !== undefined && first(next) === first(this)) {
      throw new CloudflareError(
        `Page repeated (first id ${first(next)}): the server seems to ignore the \`page\` parameter.`,
      );
    }
    return next;
  }

  /** This page, then every following page. */
  async *iterPages(): AsyncGenerator<this> {
    let page = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  /** Every item of this page and the following ones. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.result;
  }
}

/**
 * A page of a paginated list, with Cloudflare's `result_info`. Iteration stops
 * as soon as `result_info` shows the last page, so N items at P per page cost
 * ceil(N / P) requests and an empty list costs one.
 *
 * @example
 * ```ts
 * const page = await client.iam.userGroups.list({ per_page: 50 });
 * console.log(page.result_info.total_count, page.hasNextPage());
 * ```
 */
export class V4PagePaginationArray<Item> extends AbstractPage<Item> {
  /** Where this page sits: `count`, `page`, `per_page`, `total_count`. */
  readonly result_info: ResultInfo;

  constructor(
    body: { result?: Item[] | null; result_info?: ResultInfo },
    next: NextPage,
    response: Response,
  ) {
    super(body, next, response);
    this.result_info = body.result_info as ResultInfo;
  }

  hasNextPage(): boolean {
    const { page, per_page, total_count } = this.result_info ?? {};
    const count = this.result.length;
    // With the full result_info the last page is known; without it, a short
    // page is the last, and otherwise the next (possibly empty) page is asked for.
    return (
      count > 0 &&
      (page * per_page >= 0 && total_count >= 0 ? page * per_page < total_count : !(count < per_page))
    );
  }
}

/**
 * A result that is a list but not paginated (what adding or replacing members returns).
 *
 * @example
 * ```ts
 * const { result: members } = await client.iam.userGroups.members.update(groupId, { members: [{ id }] });
 * ```
 */
export class SinglePage<Item> extends AbstractPage<Item> {
  hasNextPage(): boolean {
    return false;
  }
}

/**
 * The promise list methods return: await it for the first page, or iterate it
 * with `for await` for every item across pages.
 *
 * @example
 * ```ts
 * for await (const group of client.iam.userGroups.list({ fuzzyName: "audit" })) console.log(group.name);
 * ```
 */
export class PagePromise<Page extends AbstractPage<Item>, Item>
  extends APIPromise<Page>
  implements AsyncIterable<Item>
{
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}
