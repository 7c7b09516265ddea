import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Shape } from "./schema.js";

/** The value of a fact a scenario observed: counts, yes/no, our own names. Never ids or timestamps. */
export type Fact = string | number | boolean | null;

/**
 * One request of a scenario as the wire answered it.
 *
 * @example
 * ```ts
 * const step: StepRecord = {
 *   name: "get an unknown group",
 *   operation: "getUserGroup",
 *   request: "GET /accounts/{account}/iam/user_groups/0123456789abcdef0123456789abcdef",
 *   status: 404,
 *   errorCodes: [1004],
 *   headers: { contentType: "application/json", ratelimit: true, ratelimitPolicy: true, retryAfter: false },
 *   bodyKind: "json",
 *   shape: { type: "object" },
 * };
 * ```
 */
export interface StepRecord {
  name: string;
  operation: string;
  /** Method, path and query, with run-specific values (ids, the prefix, emails) as `{placeholders}`. */
  request: string;
  /** 0 when no response came (a network error). */
  status: number;
  /** `errors[].code`, in order. */
  errorCodes: number[];
  /** `errors[].error_chain[].code`, when an error carries a chain. */
  errorChain?: number[];
  headers: {
    /** The media type, without parameters; null when absent. */
    contentType: string | null;
    ratelimit: boolean;
    ratelimitPolicy: boolean;
    retryAfter: boolean;
  };
  bodyKind: "json" | "empty" | "text" | "none";
  /** The body's shape; null unless the body was JSON. */
  shape: Shape | null;
  /** What the scenario observed beyond the shape: counts, order, whether an id came back. */
  facts?: Record<string, Fact>;
}

/**
 * - `complete`: every step ran.
 * - `stopped`: an answer left the scenario nothing to go on with (`reason`).
 * - `skipped`: the target lacks what the scenario needs (`reason`).
 * - `error`: a request or the scenario itself failed (`reason`).
 */
export type ScenarioOutcome = "complete" | "stopped" | "skipped" | "error";

/** One scenario's steps and how it ended. */
export interface ScenarioRecord {
  name: string;
  title: string;
  operations: string[];
  outcome: ScenarioOutcome;
  reason?: string;
  steps: StepRecord[];
}

/** About one run; never compared. */
export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  baseURL: string;
  /** The prefix of every group this run created. */
  runPrefix: string;
  /** Requests sent, cleanup included. */
  requests: number;
  /** Groups from earlier, crashed runs this run deleted. */
  leftoversDeleted: number;
  /** Groups this run created. */
  created: number;
  /** Groups this run created and found still there when it ended, after cleanup: should be 0. */
  remaining: number;
}

/**
 * A drift report: per scenario, per step, the status, the error codes, the
 * headers of interest and the response shape. Saved as JSON and Markdown.
 *
 * @example
 * ```ts
 * const report: Report = { format: REPORT_FORMAT, target: "fake", scenarios: [] };
 * ```
 */
export interface Report {
  format: typeof REPORT_FORMAT;
  target: "fake" | "live";
  /** Absent in baselines, so they change only when behaviour does. */
  run?: RunInfo;
  scenarios: ScenarioRecord[];
}

/** The version of the report format; a report of another is refused, not misread. */
export const REPORT_FORMAT = "cf-user-groups-contract/1";

/** Thrown for a file that is not a report this version reads. */
export class ReportFileError extends Error {
  override name = "ReportFileError";
}

/** Reads and checks a saved report. */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ReportFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let report: Partial<Report>;
  try {
    report = JSON.parse(text) as Partial<Report>;
  } catch {
    throw new ReportFileError(`${path} is not JSON.`);
  }
  if (report?.format !== REPORT_FORMAT || !Array.isArray(report.scenarios)) {
    throw new ReportFileError(`${path} is not a contract report (format ${REPORT_FORMAT}).`);
  }
  return report as Report;
}

/** The report without its run information: what a baseline holds. */
export const withoutRunInfo = ({ run: _run, ...report }: Report): Report => report;

/** Step fields written on one line each, so a change to one step is a one-line diff. */
const ONE_LINE_FIELDS = new Set(["errorCodes", "errorChain", "headers", "shape", "facts"]);

/**
 * A report as JSON text: two-space indented down to each step's fields, whose
 * values (shapes included) take one line each; with a final newline.
 */
export function reportJson(report: Report): string {
  const inline: string[] = [];
  const text = JSON.stringify(
    report,
    (key, value) => {
      if (!ONE_LINE_FIELDS.has(key) || value === null || typeof value !== "object") return value;
      inline.push(JSON.stringify(value));
      return `\u0000${inline.length - 1}\u0000`;
    },
    2,
  );
  return `${text.replace(/"\\u0000(\d+)\\u0000"/g, (_, index: string) => inline[Number(index)] as string)}\n`;
}

/** Where {@link writeReport} put a report. */
export interface WrittenReport {
  json: string;
  markdown: string;
  latestJson: string;
  latestMarkdown: string;
}

/**
 * Writes `<target>-<timestamp>.json|md` into `dir`, and the same as
 * `<target>-latest.json|md`, the stable path to point tools at.
 */
export async function writeReport(report: Report, markdown: string, dir: string): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const stamp = (report.run?.startedAt ?? new Date().toISOString()).replace(/[:.]/g, "-");
  const written = {
    json: join(dir, `${report.target}-${stamp}.json`),
    markdown: join(dir, `${report.target}-${stamp}.md`),
    latestJson: join(dir, `${report.target}-latest.json`),
    latestMarkdown: join(dir, `${report.target}-latest.md`),
  };
  const json = reportJson(report);
  await Promise.all([
    writeFile(written.json, json),
    writeFile(written.latestJson, json),
    writeFile(written.markdown, markdown),
    writeFile(written.latestMarkdown, markdown),
  ]);
  return written;
}
