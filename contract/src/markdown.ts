import type { Comparison } from "./compare.js";
import type { Fact, Report, StepRecord } from "./report.js";
import { shapeSignature } from "./schema.js";

/** A table cell: pipes escaped, line breaks flattened, empty as an en dash. */
const cell = (text: string) => (text === "" ? "–" : text.replace(/\|/g, "\\|").replace(/\r?\n/g, " "));

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function headers(step: StepRecord): string {
  const parts = [
    step.headers.contentType === "application/json" ? "json" : (step.headers.contentType ?? "no type"),
  ];
  if (step.headers.ratelimit) parts.push("Ratelimit");
  if (step.headers.ratelimitPolicy) parts.push("Policy");
  if (step.headers.retryAfter) parts.push("Retry-After");
  return parts.join(" · ");
}

const factText = (facts: Record<string, Fact> | undefined) =>
  Object.entries(facts ?? {})
    .map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");

/**
 * A report as Markdown: a summary, then one table per scenario (step,
 * request, status, error codes, headers, shape, facts). Each distinct
 * response shape is written once, at the end, and the tables name it (S1, S2…).
 *
 * @example
 * ```ts
 * console.log(reportMarkdown(report));
 * ```
 */
export function reportMarkdown(report: Report): string {
  const shapes = new Map<string, string>();
  const shapeLabel = (step: StepRecord) => {
    if (!step.shape) return step.bodyKind === "none" ? "no answer" : `(${step.bodyKind})`;
    const signature = shapeSignature(step.shape);
    if (!shapes.has(signature)) shapes.set(signature, `S${shapes.size + 1}`);
    return shapes.get(signature) as string;
  };
  const outcomes = new Map<string, number>();
  for (const scenario of report.scenarios)
    outcomes.set(scenario.outcome, (outcomes.get(scenario.outcome) ?? 0) + 1);
  const steps = report.scenarios.reduce((total, scenario) => total + scenario.steps.length, 0);
  const lines = [`# Contract report: ${report.target}`, ""];
  if (report.run) {
    const run = report.run;
    lines.push(
      `- Target: ${report.target}, ${code(run.baseURL)}`,
      `- Run: ${run.startedAt} to ${run.finishedAt}, prefix ${code(run.runPrefix)}, ${run.requests} requests`,
      `- Groups: ${run.created} created, ${run.remaining} left behind; ${run.leftoversDeleted} leftovers of earlier runs deleted`,
    );
  }
  lines.push(
    `- Scenarios: ${report.scenarios.length} (${[...outcomes].map(([outcome, number]) => `${number} ${outcome}`).join(", ")}), ${steps} steps`,
    "",
  );
  for (const scenario of report.scenarios) {
    lines.push(`## ${scenario.name}: ${scenario.title}`, "");
    lines.push(
      `Covers ${scenario.operations.map(code).join(", ")}. Outcome: **${scenario.outcome}**${scenario.reason ? ` (${scenario.reason})` : ""}.`,
      "",
    );
    if (scenario.steps.length === 0) continue;
    lines.push(
      "| Step | Request | Status | Codes | Headers | Shape | Facts |",
      "|---|---|---|---|---|---|---|",
    );
    for (const step of scenario.steps) {
      const codes = [
        step.errorCodes.join(", "),
        step.errorChain ? `(chain ${step.errorChain.join(", ")})` : "",
      ]
        .filter(Boolean)
        .join(" ");
      lines.push(
        `| ${cell(step.name)} | ${cell(code(step.request))} | ${step.status} | ${cell(codes)} | ${cell(headers(step))} | ${shapeLabel(step)} | ${cell(factText(step.facts))} |`,
      );
    }
    lines.push("");
  }
  if (shapes.size > 0) {
    lines.push("## Response shapes", "");
    for (const [signature, label] of shapes) lines.push(`- **${label}** ${code(signature)}`);
    lines.push("");
  }
  return lines.join("\n");
}

/**
 * A comparison as Markdown: a count, a table of every difference (scenario,
 * step, aspect, the two values), and the scenarios left out because one side
 * skipped them.
 *
 * @example
 * ```ts
 * console.log(comparisonMarkdown(compareReports(baseline, report), { a: "fake baseline", b: "live" }));
 * ```
 */
export function comparisonMarkdown(comparison: Comparison, labels: { a: string; b: string }): string {
  const { differences, notCompared } = comparison;
  const lines = [`# Contract drift: ${labels.a} → ${labels.b}`, ""];
  if (differences.length === 0) {
    lines.push("No differences.", "");
  } else {
    const scenarios = new Set(differences.map((difference) => difference.scenario)).size;
    lines.push(
      `${differences.length} difference${differences.length === 1 ? "" : "s"} in ${scenarios} scenario${scenarios === 1 ? "" : "s"}.`,
      "",
      `| Scenario | Step | Aspect | ${cell(labels.a)} | ${cell(labels.b)} |`,
      "|---|---|---|---|---|",
    );
    for (const difference of differences) {
      lines.push(
        `| ${cell(difference.scenario)} | ${cell(difference.step ?? "")} | ${cell(difference.aspect)} | ${cell(difference.a)} | ${cell(difference.b)} |`,
      );
    }
    lines.push("");
  }
  if (notCompared.length > 0) {
    lines.push("Not compared:", "");
    for (const { scenario, reason } of notCompared) lines.push(`- ${scenario}: ${reason}`);
    lines.push("");
  }
  return lines.join("\n");
}
