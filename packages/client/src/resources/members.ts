import type { Member, MemberDetail } from "@cf-user-groups/types";
import type { APIPromise } from "../api-promise.js";
import type { ResolvedOptions } from "../client-options.js";
import { call, ids, paginate, result, singlePage } from "../operation.js";
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
import { MEMBER, MEMBERS } from "./paths.js";

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
    const { account_id, ...query } = (params ?? {}) as { account_id?: string; page?: number };
    return paginate<Member>(
      this.#options,
      MEMBERS,
      (page) => [ids(this.#options, params, { user_group_id: userGroupId }), undefined, { ...query, page }],
      query.page,
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
    return singlePage<Member>(
      this.#options,
      "POST",
      MEMBERS,
      () => [ids(this.#options, params, { user_group_id: userGroupId }), params.members],
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
    return singlePage<Member>(
      this.#options,
      "PUT",
      MEMBERS,
      () => [ids(this.#options, params, { user_group_id: userGroupId }), params.members],
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
    return call(
      this.#options,
      "GET",
      MEMBER,
      () => [ids(this.#options, params, { user_group_id: params.user_group_id, member_id: memberId })],
      options,
      result<MemberDetail>,
    );
  }

  /**
   * Removes a member from a group; resolves to the removed member. It stays in the account.
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
    return call(
      this.#options,
      "DELETE",
      MEMBER,
      () => [ids(this.#options, params, { user_group_id: params.user_group_id, member_id: memberId })],
      options,
      result<Member>,
    );
  }
}
