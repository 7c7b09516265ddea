import type { RunInfo } from "./report.js";
import type { Wire } from "./wire.js";

/** The groups a run created and has not deleted yet: the only ones it ever deletes. */
export class CreatedGroups {
  /** Id → the scenario that created it. */
  readonly #groups = new Map<string, string>();
  /** How many groups the run created, deleted or not. */
  total = 0;

  add(id: string, scenario: string): void {
    if (!this.#groups.has(id)) this.total += 1;
    this.#groups.set(id, scenario);
  }

  remove(id: string): void {
    this.#groups.delete(id);
  }

  /** Ids still there, optionally only those one scenario created. */
  ids(scenario?: string): string[] {
    return [...this.#groups]
      .filter(([, creator]) => scenario === undefined || creator === scenario)
      .map(([id]) => id);
  }
}

const groupPath = "/accounts/{account_id}/iam/user_groups/{user_group_id}";

/** Deletes a group this run created, unrecorded; goes out even after an interruption. */
export async function deleteCreated(wire: Wire, created: CreatedGroups, id: string): Promise<boolean> {
  try {
    const response = await wire.send(
      { operation: "deleteUserGroup", method: "DELETE", path: groupPath, params: { user_group_id: id } },
      { essential: true },
    );
    // 404: already gone, nothing left to clean.
    if (response.status === 200 || response.status === 404) created.remove(id);
    return response.status === 200 || response.status === 404;
  } catch {
    return false;
  }
}

/** Cleanup figures for {@link RunInfo}. */
export type CleanupFigures = Pick<RunInfo, "created" | "remaining">;

/**
 * Deletes every group the run created and still has, then any group named
 * with this run's own prefix that it lost track of (a create whose answer
 * never arrived), and counts what is left: the figure a report shows.
 */
export async function finalCleanup(
  wire: Wire,
  created: CreatedGroups,
  runPrefix: string,
): Promise<CleanupFigures> {
  for (const id of created.ids()) await deleteCreated(wire, created, id);
  let lost: string[] = [];
  try {
    const response = await wire.send(
      {
        operation: "listUserGroups",
        method: "GET",
        path: "/accounts/{account_id}/iam/user_groups",
        query: { fuzzyName: runPrefix, per_page: 500 },
      },
      { essential: true },
    );
    const result = (response.body as { result?: Array<{ id?: unknown; name?: unknown }> } | undefined)
      ?.result;
    if (Array.isArray(result)) {
      lost = result
        .filter((group) => typeof group.name === "string" && group.name.startsWith(runPrefix))
        .map((group) => group.id)
        .filter((id): id is string => typeof id === "string");
    }
  } catch {
    // Only the tracker's count is known then.
  }
  const remaining = new Set(created.ids());
  for (const id of lost) {
    if (await deleteCreated(wire, created, id)) remaining.delete(id);
    else remaining.add(id);
  }
  return { created: created.total, remaining: remaining.size };
}
