import type { DeletedUserGroup, UserGroup } from "@cf-user-groups/types";
import type { APIPromise } from "../api-promise.js";
import type { ResolvedOptions } from "../client-options.js";
import { call, ids, paginate, result } from "../operation.js";
import type { PagePromise, V4PagePaginationArray } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Members } from "./members.js";
import type {
  ParamsAndOptions,
  UserGroupCreateParams,
  UserGroupDeleteParams,
  UserGroupGetParams,
  UserGroupListParams,
  UserGroupUpdateParams,
} from "./params.js";
import { USER_GROUP, USER_GROUPS } from "./paths.js";

type Loose = { account_id?: string; [key: string]: unknown };

/**
 * `client.iam.userGroups`: the user groups of an account, with the official
 * SDK's method names, arguments and results.
 *
 * @example
 * ```ts
 * const group = await client.iam.userGroups.create({ account_id, name: "Auditors" });
 * await client.iam.userGroups.update(group.id, { account_id, name: "Read-only auditors" });
 * ```
 */
export class UserGroups<HasAccount extends boolean = false> {
  /** The members of user groups. */
  readonly members: Members<HasAccount>;
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.members = new Members(options);
  }

  /**
   * Lists the account's user groups, sorted by name. Await it for the first
   * page, or iterate it with `for await` for every group.
   *
   * @example
   * ```ts
   * for await (const group of client.iam.userGroups.list({ account_id, fuzzyName: "audit" })) {
   *   console.log(group.name);
   * }
   * ```
   */
  list(
    ...[params, options]: ParamsAndOptions<UserGroupListParams<HasAccount>, HasAccount>
  ): PagePromise<V4PagePaginationArray<UserGroup>, UserGroup> {
    const { account_id, ...query } = (params ?? {}) as Loose;
    return paginate<UserGroup>(
      this.#options,
      USER_GROUPS,
      (page) => [ids(this.#options, params), undefined, { ...query, page }],
      query.page as number | undefined,
      options,
    );
  }

  /**
   * Gets one user group with its policies.
   *
   * @example
   * ```ts
   * const group = await client.iam.userGroups.get("023e105f4ecef8ad9ca31a8372d0c353", { account_id });
   * ```
   */
  get(
    userGroupId: string,
    ...[params, options]: ParamsAndOptions<UserGroupGetParams<HasAccount>, HasAccount>
  ): APIPromise<UserGroup> {
    return call(
      this.#options,
      "GET",
      USER_GROUP,
      () => [ids(this.#options, params, { user_group_id: userGroupId })],
      options,
      result<UserGroup>,
    );
  }

  /**
   * Creates a user group with a name and optional policies.
   *
   * @example
   * ```ts
   * const group = await client.iam.userGroups.create({
   *   account_id,
   *   name: "Auditors",
   *   policies: [{ access: "allow", permission_groups: [{ id: readOnly }], resource_groups: [{ id: allZones }] }],
   * });
   * ```
   */
  create(params: UserGroupCreateParams<HasAccount>, options?: RequestOptions): APIPromise<UserGroup> {
    return call(
      this.#options,
      "POST",
      USER_GROUPS,
      () => {
        const { account_id, ...body } = params as Loose;
        return [ids(this.#options, params), body];
      },
      options,
      result<UserGroup>,
    );
  }

  /**
   * Renames a user group and/or replaces its policies; every policy names its `id`.
   *
   * @example
   * ```ts
   * const renamed = await client.iam.userGroups.update(group.id, { account_id, name: "Read-only auditors" });
   * ```
   */
  update(
    userGroupId: string,
    ...[params, options]: ParamsAndOptions<UserGroupUpdateParams<HasAccount>, HasAccount>
  ): APIPromise<UserGroup> {
    const { account_id, ...body } = (params ?? {}) as Loose;
    return call(
      this.#options,
      "PUT",
      USER_GROUP,
      () => [ids(this.#options, params, { user_group_id: userGroupId }), body],
      options,
      result<UserGroup>,
    );
  }

  /**
   * Deletes a user group; resolves to its id. Its members stay in the account.
   *
   * @example
   * ```ts
   * const { id } = await client.iam.userGroups.delete(group.id, { account_id });
   * ```
   */
  delete(
    userGroupId: string,
    ...[params, options]: ParamsAndOptions<UserGroupDeleteParams<HasAccount>, HasAccount>
  ): APIPromise<DeletedUserGroup> {
    return call(
      this.#options,
      "DELETE",
      USER_GROUP,
      () => [ids(this.#options, params, { user_group_id: userGroupId })],
      options,
      result<DeletedUserGroup>,
    );
  }
}
