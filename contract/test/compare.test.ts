import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareReports } from "../src/compare.js";
import { comparisonMarkdown } from "../src/markdown.js";
import { REPORT_FORMAT, type Report, type StepRecord } from "../src/report.js";
import { inferShape } from "../src/schema.js";

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 4242);

function step(name: string, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    name,
    operation: "listUserGroups",
    request: "GET /accounts/{account}/iam/user_groups?fuzzyName={prefix}x-",
    status: 200,
    errorCodes: [],
    headers: { contentType: "application/json", ratelimit: true, ratelimitPolicy: true, retryAfter: false },
    bodyKind: "json",
    shape: inferShape({
      success: true,
      errors: [],
      messages: [],
      result: [{ id: "a" }],
      result_info: { count: 1 },
    }),
    facts: { count: 1 },
    ...overrides,
  };
}

function report(steps: StepRecord[] = [step("list"), step("get", { operation: "getUserGroup" })]): Report {
  return {
    format: REPORT_FORMAT,
    target: "fake",
    scenarios: [
      { name: "listing", title: "Listing", operations: ["listUserGroups"], outcome: "complete", steps },
      {
        name: "other",
        title: "Other",
        operations: ["getUserGroup"],
        outcome: "complete",
        steps: [step("only")],
      },
    ],
  };
}

describe("compareReports", () => {
  it("finds no difference between a report and itself from another run", () => {
    const a = report();
    const b: Report = {
      ...structuredClone(a),
      target: "live",
      run: {
        startedAt: "2026-12-01T00:00:00.000Z",
        finishedAt: "2026-12-01T00:01:00.000Z",
        baseURL: "https://api.cloudflare.com/client/v4",
        runPrefix: "cf-contract-20261201t000000z-abcdef-",
        requests: 10,
        leftoversDeleted: 2,
        created: 3,
        remaining: 0,
      },
    };
    expect(compareReports(a, b)).toEqual({ differences: [], notCompared: [] });
  });

  it("finds every changed aspect of a step, naming scenario, step and both values", () => {
    const changed = step("list", {
      status: 409,
      errorCodes: [1010],
      errorChain: [6111],
      headers: { contentType: "text/html", ratelimit: false, ratelimitPolicy: true, retryAfter: true },
      facts: { count: 2, extra: true },
      shape: inferShape({ success: true, errors: [], messages: [], result: [{ id: 1 }], result_info: {} }),
    });
    const { differences } = compareReports(
      report(),
      report([changed, step("get", { operation: "getUserGroup" })]),
    );
    expect(differences).toEqual([
      { scenario: "listing", step: "list", aspect: "status", a: "200", b: "409" },
      { scenario: "listing", step: "list", aspect: "error codes", a: "none", b: "1010" },
      { scenario: "listing", step: "list", aspect: "error chain", a: "none", b: "6111" },
      { scenario: "listing", step: "list", aspect: "Content-Type", a: "application/json", b: "text/html" },
      { scenario: "listing", step: "list", aspect: "Ratelimit header", a: "present", b: "absent" },
      { scenario: "listing", step: "list", aspect: "Retry-After header", a: "absent", b: "present" },
      { scenario: "listing", step: "list", aspect: "fact: count", a: "1", b: "2" },
      { scenario: "listing", step: "list", aspect: "fact: extra", a: "absent", b: "true" },
      { scenario: "listing", step: "list", aspect: "shape result[].id", a: "string", b: "integer" },
      { scenario: "listing", step: "list", aspect: "shape result_info.count", a: "integer", b: "absent" },
    ]);
  });

  it("finds steps and scenarios only one report has, and a changed outcome", () => {
    const a = report();
    const b = report([step("list"), step("new step")]);
    b.scenarios[1] = {
      ...(b.scenarios[1] as Report["scenarios"][number]),
      outcome: "stopped",
      reason: "create: expected 200",
    };
    b.scenarios.push({ name: "extra", title: "Extra", operations: [], outcome: "complete", steps: [] });
    expect(compareReports(a, b).differences).toEqual([
      { scenario: "listing", step: "get", aspect: "step", a: "ran", b: "absent" },
      { scenario: "listing", step: "new step", aspect: "step", a: "absent", b: "ran" },
      { scenario: "other", aspect: "outcome", a: "complete", b: "stopped: create: expected 200" },
      { scenario: "extra", aspect: "scenario", a: "absent", b: "present" },
    ]);
  });

  it("lists a scenario one side skipped as not compared, not as drift", () => {
    const a = report();
    const b = report();
    b.scenarios[0] = {
      ...(b.scenarios[0] as Report["scenarios"][number]),
      outcome: "skipped",
      reason: "needs ids",
      steps: [],
    };
    expect(compareReports(a, b)).toEqual({
      differences: [],
      notCompared: [{ scenario: "listing", reason: "second report skipped it: needs ids" }],
    });
  });

  it("finds any single change made to a step", () => {
    const mutation = fc.oneof(
      fc
        .integer({ min: 100, max: 599 })
        .filter((status) => status !== 200)
        .map((status) => ({ status })),
      fc
        .array(fc.integer({ min: 1, max: 20000 }), { minLength: 1, maxLength: 3 })
        .map((errorCodes) => ({ errorCodes })),
      fc.constantFrom<StepRecord["bodyKind"]>("empty", "text", "none").map((bodyKind) => ({ bodyKind })),
      fc.jsonValue({ maxDepth: 3 }).map((body) => ({ shape: inferShape(body) })),
      fc
        .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.integer(), fc.boolean()), {
          minKeys: 1,
        })
        .map((facts) => ({ facts })),
    );
    fc.assert(
      fc.property(mutation, (change) => {
        const original = step("list");
        const changed = { ...original, ...change } as StepRecord;
        const same = JSON.stringify(changed) === JSON.stringify(original);
        const { differences } = compareReports(report([original]), report([changed]));
        expect(differences.length === 0).toBe(same);
        for (const difference of differences)
          expect(difference).toMatchObject({ scenario: "listing", step: "list" });
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });
});

describe("comparisonMarkdown", () => {
  it("prints a table of differences with both labels, pipes escaped", () => {
    const a = report();
    const b = report([
      step("list", { status: 429, errorCodes: [971] }),
      step("get", { operation: "getUserGroup" }),
    ]);
    const markdown = comparisonMarkdown(compareReports(a, b), { a: "fake baseline", b: "live | run" });
    expect(markdown).toContain("2 differences in 1 scenario.");
    expect(markdown).toContain("| Scenario | Step | Aspect | fake baseline | live \\| run |");
    expect(markdown).toContain("| listing | list | status | 200 | 429 |");
    expect(markdown).toContain("| listing | list | error codes | none | 971 |");
  });

  it("says when there is nothing to report", () => {
    expect(comparisonMarkdown(compareReports(report(), report()), { a: "a", b: "b" })).toContain(
      "No differences.",
    );
  });
});
