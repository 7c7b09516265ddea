import type { Scenario } from "../suite.js";
import { credentials, rateLimited, rateLimitHeaders, scimManagedGroup } from "./access.js";
import { badBodies, badIds } from "./errors.js";
import { duplicateGroupNames, groupLifecycle, policies } from "./groups.js";
import { listFilters, listPaging, listSorting } from "./listing.js";
import {
  addMemberTwice,
  deleteGroupWithMembers,
  memberLifecycle,
  memberListing,
  replaceMembers,
} from "./members.js";

/**
 * Every scenario, in the order a run takes them. Credentials come first: a
 * live token that is refused shows there before anything is created.
 */
export const scenarios: readonly Scenario[] = [
  credentials,
  rateLimitHeaders,
  groupLifecycle,
  duplicateGroupNames,
  policies,
  listPaging,
  listFilters,
  listSorting,
  memberLifecycle,
  memberListing,
  addMemberTwice,
  replaceMembers,
  deleteGroupWithMembers,
  badIds,
  badBodies,
  scimManagedGroup,
  rateLimited,
];
