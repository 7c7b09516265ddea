import type { FailureEnvelope, ResultInfo, SuccessEnvelope } from "@cf-user-groups/types";
import type { AccountData } from "../core/store.js";
import { ErrorCodes, failureEnvelope, successEnvelope } from "../envelope.js";

/** What an operation gets: a validated request and the account it is for. */
export interface OperationContext {
  /**
   * The account's data. For an account nothing was written to yet, an empty
   * one that is not in the store: write to it only through `writableAccount`.
   */
  account: AccountData;
  /** The account's data in the store, added if it is new: for operations that create. */
  writableAccount: () => AccountData;
  accountId: string;
  /** Path ids, decoded and validated. */
  params: { account_id: string; user_group_id?: string; member_id?: string };
  /** Query parameters, coerced to their types and validated. */
  query: Record<string, unknown>;
  /** The JSON body, validated against the operation's schema. */
  body: unknown;
  /** The request's timestamp, ISO 8601. */
  now: string;
  /** A new 32-character id. */
  newId: () => string;
  /** Store policies' permission and resource groups in another order than written (`scrambleOrder`). */
  scrambleOrder: boolean;
}

/** What an operation answers: an HTTP status and an envelope. */
export interface OperationResult {
  status: number;
  body: SuccessEnvelope<unknown> | FailureEnvelope;
}

export type OperationHandler = (context: OperationContext) => OperationResult;

export const ok = (result: unknown, resultInfo?: ResultInfo): OperationResult => ({
  status: 200,
  body: successEnvelope(result, resultInfo),
});

export const failure = (
  status: number,
  code: number,
  message: string,
  pointer?: string,
): OperationResult => ({
  status,
  body: failureEnvelope(pointer === undefined ? { code, message } : { code, message, source: { pointer } }),
});

export const groupNotFound = (id: string) =>
  failure(404, ErrorCodes.USER_GROUP_NOT_FOUND, `User group ${id} not found.`);

/** The failure for changing what SCIM owns of a group: its name, its members, its existence. */
export const managedBySCIM = (id: string, change: string) =>
  failure(
    400,
    ErrorCodes.MANAGED_BY_SCIM,
    `User group ${id} is managed by SCIM: ${change} at your identity provider.`,
  );

/** One page of `items` with Cloudflare's `result_info`; a page past the end is empty. */
export function paginate<T>(items: readonly T[], query: Record<string, unknown>): OperationResult {
  const page = (query.page as number | undefined) ?? 1;
  const perPage = (query.per_page as number | undefined) ?? 100;
  const result = items.slice((page - 1) * perPage, page * perPage);
  return ok(result, {
    count: result.length,
    page,
    per_page: perPage,
    total_count: items.length,
    total_pages: Math.ceil(items.length / perPage),
  });
}
