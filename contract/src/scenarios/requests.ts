import type { Fact } from "../report.js";
import type { WireRequest } from "../wire.js";

const GROUPS = "/accounts/{account_id}/iam/user_groups";
const GROUP = `${GROUPS}/{user_group_id}`;
const MEMBERS = `${GROUP}/members`;
const MEMBER = `${MEMBERS}/{member_id}`;

type Query = Record<string, string | number>;
type Extra = Pick<WireRequest, "auth" | "rawBody" | "contentType" | "params">;

/** The ten operations as plain requests, with room for a scenario's odd bodies and headers. */
export const op = {
  listUserGroups: (query?: Query, extra?: Extra): WireRequest => ({
    operation: "listUserGroups",
    method: "GET",
    path: GROUPS,
    ...(query ? { query } : {}),
    ...extra,
  }),
  getUserGroup: (groupId: string): WireRequest => ({
    operation: "getUserGroup",
    method: "GET",
    path: GROUP,
    params: { user_group_id: groupId },
  }),
  createUserGroup: (json: unknown, extra?: Extra): WireRequest => ({
    operation: "createUserGroup",
    method: "POST",
    path: GROUPS,
    json,
    ...extra,
  }),
  updateUserGroup: (groupId: string, json: unknown, extra?: Extra): WireRequest => ({
    operation: "updateUserGroup",
    method: "PUT",
    path: GROUP,
    params: { user_group_id: groupId },
    json,
    ...extra,
  }),
  deleteUserGroup: (groupId: string): WireRequest => ({
    operation: "deleteUserGroup",
    method: "DELETE",
    path: GROUP,
    params: { user_group_id: groupId },
  }),
  listUserGroupMembers: (groupId: string, query?: Query): WireRequest => ({
    operation: "listUserGroupMembers",
    method: "GET",
    path: MEMBERS,
    params: { user_group_id: groupId },
    ...(query ? { query } : {}),
  }),
  getUserGroupMember: (groupId: string, memberId: string): WireRequest => ({
    operation: "getUserGroupMember",
    method: "GET",
    path: MEMBER,
    params: { user_group_id: groupId, member_id: memberId },
  }),
  addUserGroupMembers: (groupId: string, json: unknown, extra?: Extra): WireRequest => ({
    operation: "addUserGroupMembers",
    method: "POST",
    path: MEMBERS,
    params: { user_group_id: groupId },
    json,
    ...extra,
  }),
  replaceUserGroupMembers: (groupId: string, json: unknown, extra?: Extra): WireRequest => ({
    operation: "replaceUserGroupMembers",
    method: "PUT",
    path: MEMBERS,
    params: { user_group_id: groupId },
    json,
    ...extra,
  }),
  removeUserGroupMember: (groupId: string, memberId: string): WireRequest => ({
    operation: "removeUserGroupMember",
    method: "DELETE",
    path: MEMBER,
    params: { user_group_id: groupId, member_id: memberId },
  }),
};

/** `[{ id }]`, the members body. */
export const memberBody = (...ids: string[]) => ids.map((id) => ({ id }));

/** A well-formed id that names nothing: 32 hex characters. */
export const UNKNOWN_ID = "0123456789abcdef0123456789abcdef";

/** Items in a list `result`; null when `result` is not a list. */
export const count = (result: unknown): number | null => (Array.isArray(result) ? result.length : null);

/** The ids in a list `result`, in order. */
export const idsOf = (result: unknown): string[] =>
  Array.isArray(result) ? result.map((item) => (item as { id?: unknown })?.id).map(String) : [];

/** Whether `result`'s ids are exactly `ids`, in any order. */
export const sameIds = (result: unknown, ids: string[]): boolean => {
  const got = idsOf(result).sort();
  return got.length === ids.length && [...ids].sort().every((id, index) => id === got[index]);
};

/**
 * `result_info` as one comparable line, numbers only: `count=2 page=1
 * per_page=2 total_count=3 total_pages=2`. Keys that are absent are absent here too.
 */
export function pagingFact(body: { result_info?: Record<string, unknown> } | undefined): Fact {
  const info = body?.result_info;
  if (!info || typeof info !== "object") return null;
  return Object.keys(info)
    .sort()
    .map((key) => `${key}=${typeof info[key] === "number" ? info[key] : typeof info[key]}`)
    .join(" ");
}

/** Whether `values` are in order by `localeCompare`, `asc` or `desc`. */
export function inOrder(values: string[], direction: "asc" | "desc"): boolean {
  return values.every((value, index) => {
    if (index === 0) return true;
    const order = (values[index - 1] as string).localeCompare(value, "en", { sensitivity: "base" });
    return direction === "asc" ? order <= 0 : order >= 0;
  });
}

/** The names in a list `result` with `prefix` cut off, joined by commas: our own names, so safe to record. */
export const namesAfter = (result: unknown, prefix: string): string =>
  Array.isArray(result)
    ? result
        .map((group) => String((group as { name?: unknown })?.name))
        .map((name) =>
          name.startsWith(prefix) ? name.slice(prefix.length) : `(other: ${name.length} chars)`,
        )
        .join(",")
    : "(no list)";
