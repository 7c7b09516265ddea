import { randomBytes } from "node:crypto";
import type { Wire } from "./wire.js";

/** Every group a run creates is named with this, then its run id. */
export const PREFIX_FAMILY = "cf-contract-";

/**
 * A run's prefix exactly as {@link newRunPrefix} makes it. Cleanup deletes only
 * names that start this way, never a group someone named `cf-contract-…` by hand.
 */
export const RUN_PREFIX_PATTERN = /^cf-contract-(\d{8}t\d{6}z)-[0-9a-f]{6}-/;

/**
 * A new run's prefix, unique per run: `cf-contract-20261201t042400z-3fa9c2-`.
 *
 * @example
 * ```ts
 * newRunPrefix(new Date("2026-12-01T04:24:00Z")); // "cf-contract-20261201t042400z-<6 hex>-"
 * ```
 */
export function newRunPrefix(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "z")
    .replace(/[-:]/g, "")
    .toLowerCase();
  return `${PREFIX_FAMILY}${stamp}-${randomBytes(3).toString("hex")}-`;
}

/** When a name's run started, from its prefix; NaN when it has none. */
function startedAt(name: string): number {
  const stamp = RUN_PREFIX_PATTERN.exec(name)?.[1];
  if (!stamp) return Number.NaN;
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})z$/.exec(stamp) ?? [];
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** A group a crashed run left behind. */
export interface Leftover {
  id: string;
  name: string;
}

/** Options for {@link findLeftovers} and {@link deleteLeftovers}. */
export interface LeftoverOptions {
  /** Only groups created longer ago than this are leftovers (a run still going is not). */
  olderThanMs: number;
  /** @default Date.now */
  now?: () => number;
  /** @default 100 */
  pageSize?: number;
  /** A bound on the pages read, whatever the server says. @default 50 */
  maxPages?: number;
}

/** The live API (or the fake) refused a cleanup request: the run must not go on. */
export class CleanupError extends Error {
  override name = "CleanupError";
  constructor(
    message: string,
    readonly status: number,
    readonly errorCodes: number[],
  ) {
    super(message);
  }
}

/**
 * Groups earlier runs left behind: named with a run prefix
 * ({@link RUN_PREFIX_PATTERN}, case-sensitive) and created more than
 * `olderThanMs` ago (by `created_on`, or the prefix's time when that is
 * missing). Lists with `fuzzyName`, then checks each name itself, so a server
 * whose filter is looser than ours changes nothing. All pages are read before
 * anything is deleted, so deleting cannot shift a page under the listing.
 */
export async function findLeftovers(wire: Wire, options: LeftoverOptions): Promise<Leftover[]> {
  const { olderThanMs, now = Date.now, pageSize = 100, maxPages = 50 } = options;
  const cutoff = now() - olderThanMs;
  const leftovers: Leftover[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const response = await wire.send(
      {
        operation: "listUserGroups",
        method: "GET",
        path: "/accounts/{account_id}/iam/user_groups",
        query: { fuzzyName: PREFIX_FAMILY, per_page: pageSize, page },
      },
      { essential: true },
    );
    const body = response.body as
      | { errors?: Array<{ code?: unknown }>; result?: unknown; result_info?: { total_pages?: unknown } }
      | undefined;
    if (response.status !== 200 || !Array.isArray(body?.result)) {
      const codes = (body?.errors ?? [])
        .map((error) => error?.code)
        .filter((code) => typeof code === "number");
      throw new CleanupError(
        `Listing user groups answered ${response.status}${codes.length > 0 ? ` (codes ${codes.join(", ")})` : ""}.`,
        response.status,
        codes as number[],
      );
    }
    for (const group of body.result as Array<{ id?: unknown; name?: unknown; created_on?: unknown }>) {
      if (typeof group.id !== "string" || typeof group.name !== "string") continue;
      if (!RUN_PREFIX_PATTERN.test(group.name)) continue;
      const created = typeof group.created_on === "string" ? Date.parse(group.created_on) : Number.NaN;
      const time = Number.isNaN(created) ? startedAt(group.name) : created;
      if (time < cutoff) leftovers.push({ id: group.id, name: group.name });
    }
    const totalPages = body.result_info?.total_pages;
    if (body.result.length < pageSize || (typeof totalPages === "number" && page >= totalPages)) break;
  }
  return leftovers;
}

/** Deletes the leftovers {@link findLeftovers} finds; resolves to the number deleted. */
export async function deleteLeftovers(wire: Wire, options: LeftoverOptions): Promise<number> {
  let deleted = 0;
  for (const leftover of await findLeftovers(wire, options)) {
    const response = await wire.send(
      {
        operation: "deleteUserGroup",
        method: "DELETE",
        path: "/accounts/{account_id}/iam/user_groups/{user_group_id}",
        params: { user_group_id: leftover.id },
      },
      { essential: true },
    );
    if (response.status === 200) deleted += 1;
  }
  return deleted;
}
