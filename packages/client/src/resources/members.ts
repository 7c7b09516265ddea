import type { Member, MemberDetail } from "@cf-user-groups/types";
import type { APIPromise } from "../api-promise.js";
import type { ResolvedOptions } from "../client-options.js";
import { call, type Params, paginate, singlePage } from "../operation.js";
import {
  addUserGroupMembers,
  getUserGroupMember,
  listUserGroupMembers,
  removeUserGroupMember,
  replaceUserGroupMembers,
} from "../operations.js";
import type { PagePromise, SinglePage, V4PagePaginationArray } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import type {
  MemberCreateParams,
  MemberDeleteParams,
  MemberGetParams,
  MemberListParams,
  MemberUpdateParams,
  ParamsAndOptions,
} from "./params.js";

/**
 * `client.iam.userGroups.members`: who belongs to a user group, with the
 * official SDK's method names, arguments and results.
 *
 * @example
 * ```ts
 * await client.iam.userGroups.members.create(groupId, { account_id, members: [{ id: memberId }] });
 * ```
 */
export class Members<HasAccount extends boolean = false> {
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /**
   * Lists a group's members, sorted by email. Await it for the first page, or
   * iterate it with `for await` for every member.
   *
   * @example
   * ```ts
   * for await (const member of client.iam.userGroups.members.list(groupId, { account_id })) {
   *   console.log(member.email);
   * }
   * ```
   */
  list(
    userGroupId: string,
    ...[params, options]: ParamsAndOptions<MemberListParams<HasAccount>, HasAccount>
  ): PagePromise<V4PagePaginationArray<Member>, Member> {
    return paginate(
      this.#options,
      listUserGroupMembers,
      (params ?? {}) as Params,
      { user_group_id: userGroupId },
      options,
    );
  }

  /**
   * Adds account members to a group; members already in it stay. Resolves to
   * a single page of the members the API reports.
   *
   * @example
   * ```ts
   * const { result } = await client.iam.userGroups.members.create(groupId, {
   *   account_id,
   *   members: [{ id: "4f5f0c14a2a41d5063dd301b2f829f04" }],
   * });
   * ```
   */
  create(
    userGroupId: string,
    params: MemberCreateParams<HasAccount>,
    options?: RequestOptions,
  ): PagePromise<SinglePage<Member>, Member> {
    return singlePage(
      this.#options,
      addUserGroupMembers,
      params as Params,
      { user_group_id: userGroupId },
      options,
    );
  }

  /**
   * Replaces a group's members with exactly the given ones.
   *
   * @example
   * ```ts
   * await client.iam.userGroups.members.update(groupId, { account_id, members: [] }); // empties the group
   * ```
   */
  update(
    userGroupId: string,
    params: MemberUpdateParams<HasAccount>,
    options?: RequestOptions,
  ): PagePromise<SinglePage<Member>, Member> {
    return singlePage(
      this.#options,
      replaceUserGroupMembers,
      params as Params,
      { user_group_id: userGroupId },
      options,
    );
  }

  /**
   * Gets one member of a group, with when it joined and the user behind it.
   *
   * @example
   * ```ts
   * const member = await client.iam.userGroups.members.get(memberId, { account_id, user_group_id: groupId });
   * ```
   */
  get(
    memberId: string,
    params: MemberGetParams<HasAccount>,
    options?: RequestOptions,
  ): APIPromise<MemberDetail> {
    return call(this.#options, getUserGroupMember, params as Params, { member_id: memberId }, options);
  }

  /**
   * Removes a member from a group; resolves to the removed member. It stays in the account.
   * When a retry gets a 404 after an attempt that may have removed it (a 5xx,
   * a timeout, a reset), it resolves to `{ id }` alone: the member is out of
   * the group either way, but the API no longer says its email and status.
   *
   * @example
   * ```ts
   * const removed = await client.iam.userGroups.members.delete(memberId, { account_id, user_group_id: groupId });
   * ```
   */
  delete(
    memberId: string,
    params: MemberDeleteParams<HasAccount>,
    options?: RequestOptions,
  ): APIPromise<Member> {
    return call(this.#options, removeUserGroupMember, params as Params, { member_id: memberId }, options);
  }
}
