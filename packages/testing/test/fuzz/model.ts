// A small reference model of the User Groups API, written from the spec and
// the fake's documented behaviour rather than from the fake's code: what each
// request should answer, and what the account should hold afterwards.

import { defaultAccountMembers, ErrorCodes } from "../../src/index.js";

export interface ModelPolicy {
  id: string;
  access: string;
  permission_groups: string[];
  resource_groups: string[];
}

export interface ModelGroup {
  id: string;
  name: string;
  policies: ModelPolicy[];
  members: Set<string>;
}

/** What a request should get: a status, and for failures the error code. */
export interface Expectation {
  status: number;
  code?: number;
}

export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const DIRECTORY = new Map(defaultAccountMembers.map((member) => [member.id, member]));

/** Identifiers are strings of exactly 32 characters, counted in code points as JSON Schema does. */
export const isIdentifier = (value: unknown): value is string =>
  typeof value === "string" && [...value].length === 32;

const byName = (a: ModelGroup, b: ModelGroup) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export interface MemberView {
  id: string;
  email?: string;
  status?: string;
}

export const memberView = (id: string): MemberView => {
  const entry = DIRECTORY.get(id);
  return {
    id,
    ...(entry?.email === undefined ? {} : { email: entry.email }),
    ...(entry?.status === undefined ? {} : { status: entry.status }),
  };
};

export const byEmail = (a: MemberView, b: MemberView) => {
  const x = a.email ?? "";
  const y = b.email ?? "";
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export class Model {
  readonly groups = new Map<string, ModelGroup>();
  readonly deleted: string[] = [];

  /** The groups in the order the list operation returns them. */
  sorted(): ModelGroup[] {
    return [...this.groups.values()].sort(byName);
  }
}

// ---- Request checks, in the order the API applies them ---------------------

export type Query = Record<string, string>;

/** The path segment is a valid identifier once percent-decoded. */
export function decodeSegment(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment);
    return isIdentifier(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const integerIn = (value: string, min: number, max = Number.POSITIVE_INFINITY) =>
  /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

/** The parsed list query, or undefined when a parameter is invalid. */
export function parseListQuery(query: Query, filters: ("id" | "name" | "fuzzyName" | "fuzzyEmail")[]) {
  const { page, per_page, direction } = query;
  if (page !== undefined && !integerIn(page, 1)) return undefined;
  if (per_page !== undefined && !integerIn(per_page, 1, 500)) return undefined;
  if (direction !== undefined && direction !== "asc" && direction !== "desc") return undefined;
  if (filters.includes("id") && query.id !== undefined && !isIdentifier(query.id)) return undefined;
  return {
    page: page === undefined ? 1 : Number(page),
    perPage: per_page === undefined ? 100 : Number(per_page),
    descending: direction === "desc",
  };
}

/** One page of items with its result_info, as the API pages. */
export function pageOf<T>(items: T[], page: number, perPage: number) {
  const result = items.slice((page - 1) * perPage, page * perPage);
  return {
    result,
    result_info: {
      count: result.length,
      page,
      per_page: perPage,
      total_count: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}

/** Parses a body: undefined for malformed JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isReferenceList = (value: unknown) =>
  Array.isArray(value) && value.every((entry) => isObject(entry) && isIdentifier(entry.id));

export const isPolicyInput = (value: unknown) =>
  isObject(value) &&
  (value.access === "allow" || value.access === "deny") &&
  isReferenceList(value.permission_groups) &&
  isReferenceList(value.resource_groups);

const isName = (value: unknown) => typeof value === "string" && [...value].length >= 1;

export function isCreateBody(value: unknown): boolean {
  if (!isObject(value) || !isName(value.name)) return false;
  return (
    value.policies === undefined || (Array.isArray(value.policies) && value.policies.every(isPolicyInput))
  );
}

export function isUpdateBody(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (value.name !== undefined && !isName(value.name)) return false;
  return (
    value.policies === undefined ||
    (Array.isArray(value.policies) &&
      value.policies.every(
        (policy) => isPolicyInput(policy) && isIdentifier((policy as { id?: unknown }).id),
      ))
  );
}

export const isMembersBody = (value: unknown) => isReferenceList(value);

export const failure = (status: number, code: number): Expectation => ({ status, code });
export const invalidIdentifier = failure(400, ErrorCodes.INVALID_IDENTIFIER);
export const invalidQuery = failure(400, ErrorCodes.INVALID_QUERY);
export const malformedJson = failure(400, ErrorCodes.MALFORMED_JSON);
export const invalidBody = failure(400, ErrorCodes.INVALID_BODY);
export const groupNotFound = failure(404, ErrorCodes.USER_GROUP_NOT_FOUND);
export const memberNotFound = failure(404, ErrorCodes.MEMBER_NOT_FOUND);
export const notAnAccountMember = failure(400, ErrorCodes.NOT_AN_ACCOUNT_MEMBER);
export const policyNotFound = failure(400, ErrorCodes.POLICY_NOT_FOUND);
