import type { DeletedUserGroup, UserGroup } from "@cf-user-groups/types";
import type { APIPromise } from "../api-promise.js";
import type { ResolvedOptions } from "../client-options.js";
import { call, type Params, paginate } from "../operation.js";
import {
  createUserGroup,
  deleteUserGroup,
  getUserGroup,
  listUserGroups,
  updateUserGroup,
} from "../operations.js";
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
    return paginate(this.#options, listUserGroups, (params ?? {}) as Params, {}, options);
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
      getUserGroup,
      (params ?? {}) as Params,
      { user_group_id: userGroupId },
      options,
    );
  }

  /**
   * Creates a user group with a name and optional policies. Not idempotent: a
   * second create makes a second group of the same name, so it is retried
   * only when the request provably was not processed (a 429, a refused
   * connection, a failed DNS lookup), unless `retryNonIdempotent` is set.
   * Otherwise it fails with `mayHaveBeenApplied: true`: look the group up by
   * name before creating it again.
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
    return call(this.#options, createUserGroup, params as Params, {}, options);
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
    return call(
      this.#options,
      updateUserGroup,
      (params ?? {}) as Params,
      { user_group_id: userGroupId },
      options,
    );
  }

  /**
   * Deletes a user group; resolves to its id. Its members stay in the account.
   * When a retry gets a 404 after an attempt that may have deleted it (a 5xx,
   * a timeout, a reset), it resolves too: the group is gone either way.
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
      deleteUserGroup,
      (params ?? {}) as Params,
      { user_group_id: userGroupId },
      options,
    );
  }
}
