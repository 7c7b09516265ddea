import type {
  CreateUserGroupBody,
  ListMembersQuery,
  ListUserGroupsQuery,
  MemberIdentifier,
  UpdateUserGroupBody,
} from "@cf-user-groups/types";
import type { RequestOptions } from "../transport.js";

/**
 * `account_id` as a call takes it: required, unless the client was created
 * with an `accountId` (`HasAccount` is then `true`) and the call may leave it out.
 */
export type AccountParam<HasAccount extends boolean> = HasAccount extends true
  ? { /** The account; defaults to the client's `accountId`. */ account_id?: string }
  : { /** The account. */ account_id: string };

/**
 * The trailing `params, options` arguments: `params` may be left out when
 * nothing in it is required.
 */
export type ParamsAndOptions<Params, Optional extends boolean> = Optional extends true
  ? [params?: Params, options?: RequestOptions]
  : [params: Params, options?: RequestOptions];

/**
 * Parameters of `userGroups.list`: the account and the query (`fuzzyName`, `name`, `id`, `direction`, `page`, `per_page`).
 *
 * @example
 * ```ts
 * const params: UserGroupListParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", fuzzyName: "audit" };
 * ```
 */
export type UserGroupListParams<HasAccount extends boolean = false> = AccountParam<HasAccount> &
  ListUserGroupsQuery;

/**
 * Parameters of `userGroups.create`: the account, `name` and optional `policies`.
 *
 * @example
 * ```ts
 * const params: UserGroupCreateParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", name: "Auditors" };
 * ```
 */
export type UserGroupCreateParams<HasAccount extends boolean = false> = AccountParam<HasAccount> &
  CreateUserGroupBody;

/**
 * Parameters of `userGroups.update`: the account, and optionally a new `name` and `policies` (each with its `id`).
 *
 * @example
 * ```ts
 * const params: UserGroupUpdateParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", name: "Renamed" };
 * ```
 */
export type UserGroupUpdateParams<HasAccount extends boolean = false> = AccountParam<HasAccount> &
  UpdateUserGroupBody;

/**
 * Parameters of `userGroups.get` and `userGroups.delete`: the account.
 *
 * @example
 * ```ts
 * const params: UserGroupGetParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353" };
 * ```
 */
export type UserGroupGetParams<HasAccount extends boolean = false> = AccountParam<HasAccount>;

/**
 * Parameters of `userGroups.delete`: the account.
 *
 * @example
 * ```ts
 * const params: UserGroupDeleteParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353" };
 * ```
 */
export type UserGroupDeleteParams<HasAccount extends boolean = false> = AccountParam<HasAccount>;

/**
 * Parameters of `members.list`: the account and the query (`fuzzyEmail`, `direction`, `page`, `per_page`).
 *
 * @example
 * ```ts
 * const params: MemberListParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", fuzzyEmail: "@example.com" };
 * ```
 */
export type MemberListParams<HasAccount extends boolean = false> = AccountParam<HasAccount> &
  ListMembersQuery;

/**
 * Parameters of `members.create` (add) and `members.update` (replace): the account and the members, by id.
 *
 * @example
 * ```ts
 * const params: MemberCreateParams = {
 *   account_id: "023e105f4ecef8ad9ca31a8372d0c353",
 *   members: [{ id: "4f5f0c14a2a41d5063dd301b2f829f04" }],
 * };
 * ```
 */
export type MemberCreateParams<HasAccount extends boolean = false> = AccountParam<HasAccount> & {
  /** The account members to add, by id; sent as the bare JSON array the API expects. */
  members: MemberIdentifier[];
};

/**
 * Parameters of `members.update`: the account and the complete new set of members.
 *
 * @example
 * ```ts
 * const params: MemberUpdateParams = { account_id: "023e105f4ecef8ad9ca31a8372d0c353", members: [] };
 * ```
 */
export type MemberUpdateParams<HasAccount extends boolean = false> = AccountParam<HasAccount> & {
  /** The group's new members, by id: everyone else is removed. An empty array empties the group. */
  members: MemberIdentifier[];
};

/**
 * Parameters of `members.get` and `members.delete`: the account and the user group.
 *
 * @example
 * ```ts
 * const params: MemberGetParams = {
 *   account_id: "023e105f4ecef8ad9ca31a8372d0c353",
 *   user_group_id: "023e105f4ecef8ad9ca31a8372d0c353",
 * };
 * ```
 */
export type MemberGetParams<HasAccount extends boolean = false> = AccountParam<HasAccount> & {
  /** The user group the member belongs to. */
  user_group_id: string;
};

/**
 * Parameters of `members.delete`: the account and the user group.
 *
 * @example
 * ```ts
 * const params: MemberDeleteParams = {
 *   account_id: "023e105f4ecef8ad9ca31a8372d0c353",
 *   user_group_id: "023e105f4ecef8ad9ca31a8372d0c353",
 * };
 * ```
 */
export type MemberDeleteParams<HasAccount extends boolean = false> = AccountParam<HasAccount> & {
  /** The user group to remove the member from. */
  user_group_id: string;
};
