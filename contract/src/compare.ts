import type { Fact, Report, ScenarioRecord, StepRecord } from "./report.js";
import { diffShapes } from "./schema.js";

/**
 * One way two reports disagree, at a scenario, a step (when the difference
 * is inside one) and an aspect (`status`, `error codes`, `shape result.id`, …).
 */
export interface Difference {
  scenario: string;
  step?: string;
  aspect: string;
  a: string;
  b: string;
}

/** What {@link compareReports} found. */
export interface Comparison {
  differences: Difference[];
  /** Scenarios one report skipped (a live run without policy ids, say): listed, not counted as drift. */
  notCompared: Array<{ scenario: string; reason: string }>;
}

const codes = (list: number[] | undefined) => (list && list.length > 0 ? list.join(", ") : "none");
const fact = (value: Fact | undefined) => (value === undefined ? "absent" : JSON.stringify(value));

/** Names of both lists, those of `a` first, in order, then those only `b` has. */
function union<T extends { name: string }>(a: T[], b: T[]): string[] {
  const names = a.map((item) => item.name);
  for (const item of b) if (!names.includes(item.name)) names.push(item.name);
  return names;
}

function compareSteps(scenario: string, a: StepRecord, b: StepRecord): Difference[] {
  const differences: Difference[] = [];
  const add = (aspect: string, left: string, right: string) => {
    if (left !== right) differences.push({ scenario, step: a.name, aspect, a: left, b: right });
  };
  add("request", `${a.operation}: ${a.request}`, `${b.operation}: ${b.request}`);
  add("status", String(a.status), String(b.status));
  add("error codes", codes(a.errorCodes), codes(b.errorCodes));
  add("error chain", codes(a.errorChain), codes(b.errorChain));
  add("Content-Type", a.headers.contentType ?? "absent", b.headers.contentType ?? "absent");
  add(
    "Ratelimit header",
    a.headers.ratelimit ? "present" : "absent",
    b.headers.ratelimit ? "present" : "absent",
  );
  add(
    "Ratelimit-Policy header",
    a.headers.ratelimitPolicy ? "present" : "absent",
    b.headers.ratelimitPolicy ? "present" : "absent",
  );
  add(
    "Retry-After header",
    a.headers.retryAfter ? "present" : "absent",
    b.headers.retryAfter ? "present" : "absent",
  );
  add("body", a.bodyKind, b.bodyKind);
  const facts = [...new Set([...Object.keys(a.facts ?? {}), ...Object.keys(b.facts ?? {})])];
  for (const name of facts) add(`fact: ${name}`, fact(a.facts?.[name]), fact(b.facts?.[name]));
  for (const shape of diffShapes(a.shape, b.shape)) add(`shape ${shape.path}`, shape.a, shape.b);
  return differences;
}

function compareScenarios(a: ScenarioRecord, b: ScenarioRecord): Difference[] {
  const scenario = a.name;
  const outcome = (record: ScenarioRecord) => `${record.outcome}${record.reason ? `: ${record.reason}` : ""}`;
  const differences: Difference[] =
    outcome(a) === outcome(b) ? [] : [{ scenario, aspect: "outcome", a: outcome(a), b: outcome(b) }];
  for (const name of union(a.steps, b.steps)) {
    const left = a.steps.find((step) => step.name === name);
    const right = b.steps.find((step) => step.name === name);
    if (left && right) differences.push(...compareSteps(scenario, left, right));
    else
      differences.push({
        scenario,
        step: name,
        aspect: "step",
        a: left ? "ran" : "absent",
        b: right ? "ran" : "absent",
      });
  }
  return differences;
}

/**
 * Every difference between two reports: scenarios and steps one lacks, and
 * for each step both ran, its request, status, error codes, headers of
 * interest, facts and response shape. Run information (times, URLs, the
 * prefix) is never compared, so a report equals itself from any run.
 *
 * @example
 * ```ts
 * const { differences } = compareReports(await readReport("a.json"), await readReport("b.json"));
 * process.exitCode = differences.length > 0 ? 1 : 0;
 * ```
 */
export function compareReports(a: Report, b: Report): Comparison {
  const comparison: Comparison = { differences: [], notCompared: [] };
  for (const name of union(a.scenarios, b.scenarios)) {
    const left = a.scenarios.find((scenario) => scenario.name === name);
    const right = b.scenarios.find((scenario) => scenario.name === name);
    if (!left || !right) {
      comparison.differences.push({
        scenario: name,
        aspect: "scenario",
        a: left ? "present" : "absent",
        b: right ? "present" : "absent",
      });
      continue;
    }
    if (left.outcome === "skipped" || right.outcome === "skipped") {
      if (left.outcome !== right.outcome) {
        const skipped = left.outcome === "skipped" ? left : right;
        comparison.notCompared.push({
          scenario: name,
          reason: `${skipped === left ? "first" : "second"} report skipped it: ${skipped.reason ?? "no reason given"}`,
        });
      }
      continue;
    }
    comparison.differences.push(...compareScenarios(left, right));
  }
  return comparison;
}
