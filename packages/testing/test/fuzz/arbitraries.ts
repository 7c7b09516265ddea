// Generators of valid and invalid request parts, shared by the fuzz tests.

import fc from "fast-check";
import { DIRECTORY, type Query } from "./model.js";

export const DIRECTORY_IDS = [...DIRECTORY.keys()];

export const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
export const oddSegment = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{1,31}$/),
  fc.stringMatching(/^[0-9a-f]{33,40}$/),
  fc.constantFrom("%E0%A4%A", "%ZZ", "a%2Fb"),
  // Broken percent-encodings whose raw text is 32 characters long.
  fc
    .tuple(fc.constantFrom("%ZZ", "%E0%A4%A", "%", "%C3"), fc.stringMatching(/^[0-9a-f]{32}$/))
    .map(([bad, hex]) => `${bad}${hex}`.slice(0, 32)),
  // Percent-encoded non-ASCII text: identifiers are counted in code points, not bytes or UTF-16 units.
  fc
    .string({ unit: fc.constantFrom("é", "😀", "a", "/", "%", " ", "\u0000"), minLength: 30, maxLength: 34 })
    .map(encodeURIComponent),
);

export const names = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("Auditors", "auditors", "Billing", "Zone admins", "Ω team", "a") },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 1500 }) },
);
export const reference = hex32.map((id) => ({ id }));
export const policyInput = fc.record({
  access: fc.constantFrom("allow", "deny"),
  permission_groups: fc.array(reference, { maxLength: 2 }),
  resource_groups: fc.array(reference, { maxLength: 2 }),
});
export const brokenPolicy = fc.oneof(
  fc.constant({ permission_groups: [], resource_groups: [] }),
  fc.constant({ access: "maybe", permission_groups: [], resource_groups: [] }),
  fc.constant({ access: "allow", permission_groups: [{ id: "short" }], resource_groups: [] }),
  fc.constant({ access: "allow", permission_groups: [{}], resource_groups: [] }),
  fc.constant({ access: "deny", permission_groups: {}, resource_groups: [] }),
);
/** A raw request body: usually JSON of a value, sometimes not JSON at all. */
export const malformedText = fc.constantFrom("", "{", "not json", '{"name":', "[1,2", "nul");
export const asText = (value: unknown) => JSON.stringify(value);

export const createBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        name: names,
        policies: fc.option(fc.array(policyInput, { maxLength: 3 }), { nil: undefined }),
      })
      .map(asText),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constant({}),
        fc.constant({ name: "" }),
        fc.integer().map((name) => ({ name })),
        fc.constant({ name: "x", policies: {} }),
        brokenPolicy.map((policy) => ({ name: "x", policies: [policy] })),
        fc.constant([]),
        fc.constant(null),
        fc.constant("a string"),
      )
      .map(asText),
  },
  { weight: 1, arbitrary: malformedText },
);

export const membersBody = (ids: fc.Arbitrary<string>) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(
          ids.map((id) => ({ id })),
          { maxLength: 4 },
        )
        .map(asText),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constant({ members: [] }),
          fc.constant(["bare-id"]),
          fc.constant([{}]),
          fc.constant([{ id: 3 }]),
          fc.constant([{ id: "short" }]),
        )
        .map(asText),
    },
    { weight: 1, arbitrary: malformedText },
  );
export const memberId = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...DIRECTORY_IDS) },
  { weight: 2, arbitrary: hex32 },
  // Valid identifiers (32 code points) that no account member has.
  { weight: 1, arbitrary: fc.constantFrom("é".repeat(32), "😀".repeat(32)) },
);

export const integerText = (min: number, max: number) => fc.integer({ min, max }).map(String);
export const pageParam = fc.oneof(
  { weight: 5, arbitrary: integerText(1, 4) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "0",
      "-1",
      "1.5",
      "x",
      "",
      "99999999999999999999",
      "01",
      "+1",
      " 1",
      "1e2",
      "0x1",
    ),
  },
);
export const perPageParam = fc.oneof(
  { weight: 5, arbitrary: integerText(1, 6) },
  { weight: 1, arbitrary: fc.constantFrom("500", "0", "501", "2.5", "abc") },
);
export const directionParam = fc.constantFrom("asc", "desc", "asc", "desc", "DESC", "up");
export const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
export const defined = (query: Record<string, string | undefined>): Query =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as Query;

export const listQuery = fc
  .record({
    page: optional(pageParam),
    per_page: optional(perPageParam),
    direction: optional(directionParam),
    fuzzyName: optional(fc.oneof(fc.constantFrom("aud", "A", "zone", "Ω", ""), fc.string({ maxLength: 3 }))),
    name: optional(fc.constantFrom("Auditors", "auditors", "a", "nobody")),
    id: optional(fc.oneof(hex32, fc.constantFrom("short"))),
  })
  .map(defined);
export const membersQuery = fc
  .record({
    page: optional(pageParam),
    per_page: optional(perPageParam),
    direction: optional(directionParam),
    fuzzyEmail: optional(
      fc.oneof(fc.constantFrom("example", "ALICE", ".org", "@"), fc.string({ maxLength: 3 })),
    ),
  })
  .map(defined);
