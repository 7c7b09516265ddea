import type { MemberDetail, MemberIdentifier, OperationId } from "@cf-user-groups/types";
import { type AccountData, byEmail } from "../core/store.js";
import { ErrorCodes } from "../envelope.js";
import {
  failure,
  groupNotFound,
  managedBySCIM,
  type OperationContext,
  type OperationHandler,
  ok,
  paginate,
} from "./context.js";

const memberNotFound = (memberId: string, groupId: string) =>
  failure(404, ErrorCodes.MEMBER_NOT_FOUND, `Member ${memberId} is not in user group ${groupId}.`);

/**
 * The distinct ids of a members body, in order, or the failure for the first
 * id that is not a member of the account.
 */
function accountMembers(account: AccountData, body: unknown): string[] | ReturnType<OperationHandler> {
  const ids = (body as MemberIdentifier[]).map((member) => member.id);
  const outsider = ids.findIndex((id) => !account.directory.has(id));
  if (outsider !== -1) {
    return failure(
      400,
      ErrorCodes.NOT_AN_ACCOUNT_MEMBER,
      `${ids[outsider]} is not a member of this account.`,
      `/${outsider}/id`,
    );
  }
  return [...new Set(ids)];
}

const listUserGroupMembers: OperationHandler = ({ account, params, query }) => {
  const groupId = params.user_group_id as string;
  const memberships = account.membersOf(groupId);
  if (!memberships) return groupNotFound(groupId);
  const { fuzzyEmail, direction } = query as { fuzzyEmail?: string; direction?: string };
  const needle = fuzzyEmail?.toLowerCase();
  let members = [...memberships.keys()].map((id) => account.member(id));
  if (needle !== undefined)
    members = members.filter((member) => member.email?.toLowerCase().includes(needle));
  members.sort(byEmail);
  if (direction === "desc") members.reverse();
  return paginate(members, query);
};

const getUserGroupMember: OperationHandler = ({ account, params }) => {
  const groupId = params.user_group_id as string;
  const memberId = params.member_id as string;
  const memberships = account.membersOf(groupId);
  if (!memberships) return groupNotFound(groupId);
  const joined = memberships.get(memberId);
  if (joined === undefined) return memberNotFound(memberId, groupId);
  const member = account.member(memberId);
  const user = account.directory.get(memberId)?.user;
  const detail: MemberDetail = { ...member, created_at: joined };
  if (user || member.email !== undefined)
    detail.user = { ...(member.email === undefined ? {} : { email: member.email }), ...user };
  return ok(detail);
};

const addUserGroupMembers: OperationHandler = ({ account, params, body, now }) => {
  const groupId = params.user_group_id as string;
  if (!account.groups.has(groupId)) return groupNotFound(groupId);
  if (account.managedBySCIM.has(groupId)) return managedBySCIM(groupId, "change its members");
  const ids = accountMembers(account, body);
  if (!Array.isArray(ids)) return ids;
  const memberships = account.writableMembersOf(groupId);
  for (const id of ids) if (!memberships.has(id)) memberships.set(id, now);
  return ok(ids.map((id) => account.member(id)));
};

const replaceUserGroupMembers: OperationHandler = ({ account, params, body, now }) => {
  const groupId = params.user_group_id as string;
  const memberships = account.membersOf(groupId);
  if (!memberships) return groupNotFound(groupId);
  if (account.managedBySCIM.has(groupId)) return managedBySCIM(groupId, "change its members");
  const ids = accountMembers(account, body);
  if (!Array.isArray(ids)) return ids;
  // Members who stay keep the time they joined.
  account.memberships.set(groupId, new Map(ids.map((id) => [id, memberships.get(id) ?? now])));
  return ok(ids.map((id) => account.member(id)).sort(byEmail));
};

const removeUserGroupMember: OperationHandler = ({ account, params }) => {
  const groupId = params.user_group_id as string;
  const memberId = params.member_id as string;
  if (!account.membersOf(groupId)) return groupNotFound(groupId);
  if (!account.membersOf(groupId)?.has(memberId)) return memberNotFound(memberId, groupId);
  if (account.managedBySCIM.has(groupId)) return managedBySCIM(groupId, "change its members");
  account.writableMembersOf(groupId).delete(memberId);
  return ok(account.member(memberId));
};

export const memberOperations: Partial<
  Record<OperationId, (context: OperationContext) => ReturnType<OperationHandler>>
> = {
  listUserGroupMembers,
  getUserGroupMember,
  addUserGroupMembers,
  replaceUserGroupMembers,
  removeUserGroupMember,
};
