import type { OperationId } from "@cf-user-groups/types";

/** Where an operation lives: its method, and its path with `:name` for each id. */
export interface Route {
  operationId: OperationId;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** MSW-style, e.g. `/accounts/:account_id/iam/user_groups/:user_group_id`. */
  path: string;
}

/** The ten operations; for paths that share a method, static segments come before parameters. */
export const routes: readonly Route[] = [
  { operationId: "listUserGroups", method: "GET", path: "/accounts/:account_id/iam/user_groups" },
  { operationId: "createUserGroup", method: "POST", path: "/accounts/:account_id/iam/user_groups" },
  {
    operationId: "listUserGroupMembers",
    method: "GET",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id/members",
  },
  {
    operationId: "addUserGroupMembers",
    method: "POST",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id/members",
  },
  {
    operationId: "replaceUserGroupMembers",
    method: "PUT",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id/members",
  },
  {
    operationId: "getUserGroupMember",
    method: "GET",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id/members/:member_id",
  },
  {
    operationId: "removeUserGroupMember",
    method: "DELETE",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id/members/:member_id",
  },
  {
    operationId: "getUserGroup",
    method: "GET",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id",
  },
  {
    operationId: "updateUserGroup",
    method: "PUT",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id",
  },
  {
    operationId: "deleteUserGroup",
    method: "DELETE",
    path: "/accounts/:account_id/iam/user_groups/:user_group_id",
  },
];

/** A route's path as a regular expression over a whole URL path, with any prefix (a base path such as `/client/v4`). */
const patterns = new Map(
  routes.map((route) => [
    route,
    {
      regexp: new RegExp(`^(.*)${route.path.replace(/:(\w+)/g, "([^/]+)")}/?$`),
      names: [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string),
    },
  ]),
);

/** The route's path parameters in `pathname`, still percent-encoded, or undefined when it does not match. */
export function matchPath(
  route: Route,
  pathname: string,
): { prefix: string; params: Record<string, string> } | undefined {
  const pattern = patterns.get(route);
  const match = pattern?.regexp.exec(pathname);
  if (!pattern || !match) return undefined;
  const params: Record<string, string> = {};
  pattern.names.forEach((name, index) => {
    params[name] = match[index + 2] as string;
  });
  return { prefix: match[1] as string, params };
}

/** The operation at a method and path, or undefined. */
export function findRoute(
  method: string,
  pathname: string,
): { route: Route; prefix: string; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = matchPath(route, pathname);
    if (match) return { route, ...match };
  }
  return undefined;
}

/**
 * The route's path as a regular expression over a whole URL, for MSW: no
 * capturing groups, so MSW decodes no parameters (a malformed percent-encoding
 * would throw inside MSW and answer 500); the fake reads the ids itself.
 */
export const urlPattern = (route: Pick<Route, "path">): RegExp =>
  new RegExp(`${route.path.replace(/:\w+/g, "[^/]+")}/?$`);

/** The route of an operation. */
export const routeOf = (operationId: OperationId): Route =>
  routes.find((route) => route.operationId === operationId) as Route;
