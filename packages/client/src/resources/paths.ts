/** The spec's path templates, shared by the resources and `client.raw`. */
export const USER_GROUPS = "/accounts/{account_id}/iam/user_groups";
export const USER_GROUP = `${USER_GROUPS}/{user_group_id}`;
export const MEMBERS = `${USER_GROUP}/members`;
export const MEMBER = `${MEMBERS}/{member_id}`;
