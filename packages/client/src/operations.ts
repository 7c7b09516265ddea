/**
 * The ten operations, and the one place that records which of them a retry
 * may repeat. Judged from what the API does with a repeated request (the fake
 * in `@cf-user-groups/testing` models the same):
 *
 * | operation                 | call                        | repeated, it…                     | so it is retried after |
 * |---------------------------|-----------------------------|-----------------------------------|------------------------|
 * | `listUserGroups`          | `GET    …/user_groups`      | reads again                       | any retryable failure  |
 * | `getUserGroup`            | `GET    …/{id}`             | reads again                       | any retryable failure  |
 * | `createUserGroup`         | `POST   …/user_groups`      | creates a second group, same name | only a 429, a refused connection or a failed DNS lookup (unless `retryNonIdempotent`) |
 * | `updateUserGroup`         | `PUT    …/{id}`             | sets the same name and policies   | any retryable failure  |
 * | `deleteUserGroup`         | `DELETE …/{id}`             | answers 404                       | any retryable failure; a 404 after an attempt that may have applied resolves as deleted |
 * | `listUserGroupMembers`    | `GET    …/{id}/members`     | reads again                       | any retryable failure  |
 * | `getUserGroupMember`      | `GET    …/members/{member}` | reads again                       | any retryable failure  |
 * | `addUserGroupMembers`     | `POST   …/{id}/members`     | keeps one of each member          | any retryable failure  |
 * | `replaceUserGroupMembers` | `PUT    …/{id}/members`     | sets the same members             | any retryable failure  |
 * | `removeUserGroupMember`   | `DELETE …/members/{member}` | answers 404                       | as `deleteUserGroup`   |
 *
 * "Retryable" is what the official SDK retries: no response, a timeout, 408,
 * 409, 429 and 5xx, unless `x-should-retry` says otherwise.
 *
 * @module
 */

/** An HTTP method the API uses. */
export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Repeating it gives the same result: retried after any retryable failure. */
export const IDEMPOTENT = 0;
/** Idempotent, but a repeat answers 404: after an attempt that may have applied, that 404 means done. */
export const DELETE = 1;
/** A repeat applies it twice: retried only when the request provably was not processed. */
export const ONCE = 2;
/** What repeating an operation does. */
export type Repeat = typeof IDEMPOTENT | typeof DELETE | typeof ONCE;

/** Sends its params other than `account_id` as the query (lists). */
export const QUERY = 1;
/** Sends its params other than `account_id` as the JSON body (create, update). */
export const BODY = 2;
/** Sends its params' `members` as the JSON body (add, replace). Gets and deletes send nothing. */
export const MEMBERS_BODY = 3;
/** What a call sends besides its path. */
export type Sends = typeof QUERY | typeof BODY | typeof MEMBERS_BODY | undefined;

/** An operation: its method, its path template below the base URL, what repeating it does, and what it sends. */
export type Operation = readonly [method: Method, template: string, repeat: Repeat, sends?: Sends];

const USER_GROUPS = "/accounts/{account_id}/iam/user_groups";
const USER_GROUP = `${USER_GROUPS}/{user_group_id}`;
const MEMBERS = `${USER_GROUP}/members`;
const MEMBER = `${MEMBERS}/{member_id}`;

export const listUserGroups: Operation = ["GET", USER_GROUPS, IDEMPOTENT, QUERY];
export const getUserGroup: Operation = ["GET", USER_GROUP, IDEMPOTENT];
export const createUserGroup: Operation = ["POST", USER_GROUPS, ONCE, BODY];
export const updateUserGroup: Operation = ["PUT", USER_GROUP, IDEMPOTENT, BODY];
export const deleteUserGroup: Operation = ["DELETE", USER_GROUP, DELETE];
export const listUserGroupMembers: Operation = ["GET", MEMBERS, IDEMPOTENT, QUERY];
export const getUserGroupMember: Operation = ["GET", MEMBER, IDEMPOTENT];
export const addUserGroupMembers: Operation = ["POST", MEMBERS, IDEMPOTENT, MEMBERS_BODY];
export const replaceUserGroupMembers: Operation = ["PUT", MEMBERS, IDEMPOTENT, MEMBERS_BODY];
export const removeUserGroupMember: Operation = ["DELETE", MEMBER, DELETE];

/** Every operation, for `rawClient`, which finds a call's operation by its method and path template. */
export const OPERATIONS: readonly Operation[] = [
  listUserGroups,
  getUserGroup,
  createUserGroup,
  updateUserGroup,
  deleteUserGroup,
  listUserGroupMembers,
  getUserGroupMember,
  addUserGroupMembers,
  replaceUserGroupMembers,
  removeUserGroupMember,
];
