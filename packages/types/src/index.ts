/**
 * Types for Cloudflare's IAM User Groups API, generated from this project's
 * OpenAPI spec (`@cf-user-groups/types/openapi.json`).
 *
 * `paths`, `components` and `operations` are openapi-typescript's output, ready
 * for openapi-fetch and openapi-msw. The named aliases below are the shapes an
 * app works with day to day.
 *
 * @example
 * ```ts
 * import type { CreateUserGroupBody, UserGroup } from "@cf-user-groups/types";
 *
 * const body: CreateUserGroupBody = { name: "Auditors" };
 * function describe(group: UserGroup) {
 *   return `${group.name} (${group.policies?.length ?? 0} policies)`;
 * }
 * ```
 *
 * @module
 */

import type { components, operations } from "./generated/openapi.js";

export type { $defs, components, operations, paths } from "./generated/openapi.js";

type Schemas = components["schemas"];

/**
 * A user group: its id, name, timestamps and policies, as every read and write returns it.
 *
 * @example
 * ```ts
 * const group: UserGroup = {
 *   id: "023e105f4ecef8ad9ca31a8372d0c353",
 *   name: "Auditors",
 *   created_on: "2024-03-01T12:21:02Z",
 *   modified_on: "2024-03-01T12:21:02Z",
 *   policies: [],
 * };
 * ```
 */
export type UserGroup = Schemas["UserGroup"];

/**
 * A policy as the API returns it: allow or deny some permission groups on some resource groups.
 *
 * @example
 * ```ts
 * const denies = (policy: Policy) => policy.access === "deny";
 * ```
 */
export type Policy = Schemas["Policy"];

/**
 * A permission group inside a returned policy.
 *
 * @example
 * ```ts
 * const names = (policy: Policy) =>
 *   (policy.permission_groups ?? []).map((group: PolicyPermissionGroup) => group.name ?? group.id);
 * ```
 */
export type PolicyPermissionGroup = Schemas["PolicyPermissionGroup"];

/**
 * A resource group inside a returned policy. Its `scope` is one scope or a list of
 * them: Cloudflare's published schema and its API description disagree, so handle both.
 *
 * @example
 * ```ts
 * const scopes = (group: PolicyResourceGroup): ResourceGroupScope[] =>
 *   Array.isArray(group.scope) ? group.scope : [group.scope];
 * ```
 */
export type PolicyResourceGroup = Schemas["PolicyResourceGroup"];

/**
 * A scope of a resource group: a scope key (such as an account) and the objects inside it.
 *
 * @example
 * ```ts
 * const scope: ResourceGroupScope = {
 *   key: "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4",
 *   objects: [{ key: "com.cloudflare.api.account.zone.23f8d65290b24279ba6f44721b3eaad5" }],
 * };
 * ```
 */
export type ResourceGroupScope = Schemas["ResourceGroupScope"];

/**
 * One resource inside a resource group's scope, such as a zone.
 *
 * @example
 * ```ts
 * const zone: ResourceGroupScopeObject = { key: "com.cloudflare.api.account.zone.23f8d65290b24279ba6f44721b3eaad5" };
 * ```
 */
export type ResourceGroupScopeObject = Schemas["ResourceGroupScopeObject"];

/**
 * `"allow"` or `"deny"`: what a policy does with its permission groups.
 *
 * @example
 * ```ts
 * const access: Access = "allow";
 * ```
 */
export type Access = Schemas["Access"];

/**
 * A policy as create requests write it.
 *
 * @example
 * ```ts
 * const readZones: PolicyInput = {
 *   access: "allow",
 *   permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
 *   resource_groups: [{ id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1" }],
 * };
 * ```
 */
export type PolicyInput = Schemas["PolicyInput"];

/**
 * A policy as update requests write it: a {@link PolicyInput} plus the `id` of the policy it replaces.
 *
 * @example
 * ```ts
 * const policy: PolicyUpdateInput = { id: "f267e341f3dd4697bd3b9f71dd96247f", ...readZones };
 * ```
 */
export type PolicyUpdateInput = Schemas["PolicyUpdateInput"];

/**
 * The body of `createUserGroup`: a name, and optionally the group's policies.
 *
 * @example
 * ```ts
 * const body: CreateUserGroupBody = { name: "Auditors", policies: [readZones] };
 * ```
 */
export type CreateUserGroupBody = Schemas["CreateUserGroupBody"];

/**
 * The body of `updateUserGroup`. Every field is optional; `policies` replaces the whole list.
 *
 * @example
 * ```ts
 * const rename: UpdateUserGroupBody = { name: "Read-only auditors" };
 * ```
 */
export type UpdateUserGroupBody = Schemas["UpdateUserGroupBody"];

/**
 * An account member named by id: one item of the bare array that
 * `addUserGroupMembers` and `replaceUserGroupMembers` send.
 *
 * @example
 * ```ts
 * const body: MemberIdentifier[] = [{ id: "4f5f0c14a2a41d5063dd301b2f829f04" }];
 * ```
 */
export type MemberIdentifier = Schemas["MemberIdentifier"];

/**
 * An account member in a user group.
 *
 * @example
 * ```ts
 * const pending = (members: Member[]) => members.filter((member) => member.status === "pending");
 * ```
 */
export type Member = Schemas["Member"];

/**
 * `"accepted"` or `"pending"`: whether a member has accepted the account invitation.
 *
 * @example
 * ```ts
 * const status: MemberStatus = "pending";
 * ```
 */
export type MemberStatus = Schemas["MemberStatus"];

/**
 * A member as `getUserGroupMember` returns it: a {@link Member} plus when it
 * joined the group and the user behind it.
 *
 * @example
 * ```ts
 * const fullName = (member: MemberDetail) =>
 *   [member.user?.first_name, member.user?.last_name].filter(Boolean).join(" ");
 * ```
 */
export type MemberDetail = Schemas["MemberDetail"];

/**
 * What `deleteUserGroup` returns: the id of the deleted group.
 *
 * @example
 * ```ts
 * const deleted: DeletedUserGroup = { id: "023e105f4ecef8ad9ca31a8372d0c353" };
 * ```
 */
export type DeletedUserGroup = Schemas["DeletedUserGroup"];

/**
 * `"asc"` or `"desc"`: the `direction` query parameter of both list operations.
 *
 * @example
 * ```ts
 * const direction: SortDirection = "desc";
 * ```
 */
export type SortDirection = Schemas["SortDirection"];

/**
 * The query parameters of `listUserGroups`, with their wire names (`fuzzyName`, `per_page`, …).
 *
 * @example
 * ```ts
 * const query: ListUserGroupsQuery = { fuzzyName: "audit", direction: "desc", per_page: 50 };
 * ```
 */
export type ListUserGroupsQuery = NonNullable<operations["listUserGroups"]["parameters"]["query"]>;

/**
 * The query parameters of `listUserGroupMembers`, with their wire names (`fuzzyEmail`, `per_page`, …).
 *
 * @example
 * ```ts
 * const query: ListMembersQuery = { fuzzyEmail: "@example.com", page: 2 };
 * ```
 */
export type ListMembersQuery = NonNullable<operations["listUserGroupMembers"]["parameters"]["query"]>;

/**
 * Where a page sits in a paginated list: `count` on this page, `page`, `per_page`, `total_count`.
 *
 * @example
 * ```ts
 * const isLastPage = (info: ResultInfo) => info.page * info.per_page >= info.total_count;
 * ```
 */
export type ResultInfo = Schemas["ResultInfo"];

/**
 * An entry of an envelope's `errors` or `messages`: a numeric `code` (≥ 1000) and a `message`.
 *
 * @example
 * ```ts
 * const text = (entries: ResponseMessage[]) => entries.map((entry) => `${entry.code}: ${entry.message}`).join("; ");
 * ```
 */
export type ResponseMessage = Schemas["ResponseMessage"];

/**
 * A successful response carrying `result` of type `T`. Paginated lists add `result_info`.
 *
 * @example
 * ```ts
 * const response: SuccessEnvelope<DeletedUserGroup> = {
 *   success: true,
 *   errors: [],
 *   messages: [],
 *   result: { id: "023e105f4ecef8ad9ca31a8372d0c353" },
 * };
 * ```
 */
export type SuccessEnvelope<T> = Schemas["SuccessEnvelope"] & {
  result: T;
  result_info?: ResultInfo;
};

/**
 * A failed response: `success: false`, at least one entry in `errors`, and `result: null`.
 *
 * @example
 * ```ts
 * const notAuthenticated: FailureEnvelope = {
 *   success: false,
 *   errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }],
 *   messages: [],
 *   result: null,
 * };
 * ```
 */
export type FailureEnvelope = Schemas["FailureEnvelope"];

/**
 * The `operationId` of each of the ten operations; the packages use these names throughout.
 *
 * @example
 * ```ts
 * const readOnly: OperationId[] = ["listUserGroups", "getUserGroup", "listUserGroupMembers", "getUserGroupMember"];
 * ```
 */
export type OperationId = keyof operations;
