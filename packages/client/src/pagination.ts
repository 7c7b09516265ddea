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

  /**
   * Fetches the next page; check {@link hasNextPage} first. It fails with a
   * `PaginationError` when the server repeats a page already seen in this
   * chain of pages, or when the chain reaches `maxPages`.
   */
  async getNextPage(): Promise<this> {
    if (!this.#next || !this.hasNextPage()) {
      throw new CloudflareError("No next page: check hasNextPage().");
    }
    return (await this.#next()) as this;
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

  readonly #perPage: number;

  constructor(
    body: { result?: Item[] | null; result_info?: ResultInfo },
    next: NextPage,
    response: Response,
    /** The `per_page` asked for; it tells a short last page when `result_info` does not. */
    perPage = 100,
  ) {
    super(body, next, response);
    this.result_info = body.result_info as ResultInfo;
    this.#perPage = perPage;
  }

  hasNextPage(): boolean {
    const { page, per_page, total_count } = this.result_info ?? {};
    const count = this.result.length;
    // With the full result_info the last page is known; without it, a page
    // shorter than the page size is the last. An empty page always is.
    return (
      count > 0 &&
      (page * per_page >= 0 && total_count >= 0
        ? page * per_page < total_count
        : count >= (per_page || this.#perPage))
    );
  }
}

/**
 * A short fingerprint of a page's items (two 32-bit hashes and the length of
 * their JSON), so a chain of pages can tell a repeat without keeping every page.
 */
export function fingerprint(items: unknown): string {
  const text = JSON.stringify(items);
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  // Stryker disable next-line EqualityOperator: one more round (charCodeAt past the end is NaN, which ^ reads as 0) hashes every text the same way, and hashes are only compared with each other.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${a}:${b}:${text.length}`;
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
