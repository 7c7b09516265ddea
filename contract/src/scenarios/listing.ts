import type { FactsOf, Scenario, ScenarioContext } from "../suite.js";
import { count, namesAfter, op, pagingFact, UNKNOWN_ID } from "./requests.js";

/** Creates groups named `<scenario prefix><suffix>`, in the order given; stops the scenario if one fails. */
async function createGroups(context: ScenarioContext, suffixes: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const suffix of suffixes) {
    const response = await context.step(
      `create ${suffix}`,
      op.createUserGroup({ name: context.name(suffix) }),
    );
    ids.push(context.createdId(response, `create ${suffix}`));
  }
  return ids;
}

/** Paging over this scenario's three groups, and the paging parameters the API refuses. */
export const listPaging: Scenario = {
  name: "list-paging",
  title: "Paging through groups: pages, a page past the end, page sizes out of range",
  operations: ["listUserGroups"],
  async run(context) {
    await createGroups(context, ["a", "b", "c"]);
    const fuzzyName = context.namePrefix;
    const paging: FactsOf = (result, body) => ({ count: count(result), result_info: pagingFact(body) });
    await context.step("page 1 of 2", op.listUserGroups({ fuzzyName, per_page: 2, page: 1 }), paging);
    await context.step("page 2 of 2", op.listUserGroups({ fuzzyName, per_page: 2, page: 2 }), paging);
    await context.step("page past the end", op.listUserGroups({ fuzzyName, per_page: 2, page: 3 }), paging);
    await context.step("default page size", op.listUserGroups({ fuzzyName }), paging);
    await context.step("largest page size (500)", op.listUserGroups({ fuzzyName, per_page: 500 }), paging);
    await context.step("page size 0", op.listUserGroups({ fuzzyName, per_page: 0 }));
    await context.step("page size 501", op.listUserGroups({ fuzzyName, per_page: 501 }));
    await context.step("page 0", op.listUserGroups({ fuzzyName, page: 0 }));
    await context.step("page not a number", op.listUserGroups({ fuzzyName, page: "two" }));
  },
};

/** `name` (exact), `fuzzyName` (substring, any case) and `id` filters. */
export const listFilters: Scenario = {
  name: "list-filters",
  title: "Filters: name, fuzzyName and id",
  operations: ["listUserGroups"],
  async run(context) {
    const [alphaId] = await createGroups(context, ["Alpha", "beta"]);
    const prefix = context.namePrefix;
    const names = (result: unknown) => ({ count: count(result), names: namesAfter(result, prefix) });
    await context.step("name, exact", op.listUserGroups({ name: context.name("Alpha") }), names);
    await context.step("name, other case", op.listUserGroups({ name: context.name("alpha") }), names);
    await context.step("name, a prefix of it", op.listUserGroups({ name: context.name("Alp") }), names);
    await context.step("fuzzyName, both", op.listUserGroups({ fuzzyName: prefix }), names);
    await context.step(
      "fuzzyName, upper case substring",
      op.listUserGroups({ fuzzyName: context.name("ALPH").toUpperCase() }),
      names,
    );
    await context.step("id", op.listUserGroups({ id: alphaId as string }), names);
    await context.step("id of no group", op.listUserGroups({ id: UNKNOWN_ID }), names);
    await context.step("id not an id", op.listUserGroups({ id: "not-an-id" }));
  },
};

/** `direction` over this scenario's groups, created out of order. */
export const listSorting: Scenario = {
  name: "list-sorting",
  title: "Sorting groups by name: default, asc, desc, an unknown direction",
  operations: ["listUserGroups"],
  async run(context) {
    await createGroups(context, ["b", "a", "c"]);
    const fuzzyName = context.namePrefix;
    const order = (result: unknown) => ({ order: namesAfter(result, fuzzyName) });
    await context.step("default order", op.listUserGroups({ fuzzyName }), order);
    await context.step("direction asc", op.listUserGroups({ fuzzyName, direction: "asc" }), order);
    await context.step("direction desc", op.listUserGroups({ fuzzyName, direction: "desc" }), order);
    await context.step(
      "direction desc, page 2 of 2",
      op.listUserGroups({ fuzzyName, direction: "desc", per_page: 2, page: 2 }),
      order,
    );
    await context.step("direction sideways", op.listUserGroups({ fuzzyName, direction: "sideways" }));
  },
};
