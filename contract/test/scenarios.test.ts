import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareReports } from "../src/compare.js";
import { type Report, reportJson, withoutRunInfo } from "../src/report.js";
import { scenarios } from "../src/scenarios/index.js";
import { runMain, temporaryFolder } from "./helpers.js";

const require = createRequire(import.meta.url);
const spec = require("@cf-user-groups/types/openapi.json") as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const specOperations = Object.values(spec.paths)
  .flatMap((item) => Object.values(item))
  .map((operation) => operation.operationId)
  .filter((id): id is string => typeof id === "string");

/** Ids the scenarios write into requests on purpose: they name nothing, so they are the same on every run. */
const FIXED_IDS = new Set([
  "0123456789abcdef0123456789abcdef",
  "deadbeefdeadbeefdeadbeefdeadbeef",
  "00000000000000000000000000000000",
]);

async function fakeRun(): Promise<Report> {
  const out = join(await temporaryFolder(), "reports");
  const result = await runMain(["--no-baseline", "--out", out]);
  expect(result.stderr).not.toContain("did not complete");
  expect(result.code).toBe(0);
  return JSON.parse(await readFile(join(out, "fake-latest.json"), "utf8")) as Report;
}

let first: Report;
let second: Report;
beforeAll(async () => {
  first = await fakeRun();
  second = await fakeRun();
});

describe("the scenarios, against the fake", () => {
  it("cover all ten operations of the spec, each with a recorded step", () => {
    expect(specOperations).toHaveLength(10);
    const stepped = new Set(
      first.scenarios.flatMap((scenario) => scenario.steps.map((step) => step.operation)),
    );
    expect([...stepped].sort()).toEqual([...specOperations].sort());
    const declared = new Set(scenarios.flatMap((scenario) => scenario.operations));
    expect([...declared].sort()).toEqual([...specOperations].sort());
  });

  it("all run to the end against the fake", () => {
    expect(first.scenarios.map((scenario) => [scenario.name, scenario.outcome])).toEqual(
      scenarios.map((scenario) => [scenario.name, "complete"]),
    );
  });

  it("record the same report on every run, byte for byte, once run information is set aside", () => {
    expect(compareReports(first, second).differences).toEqual([]);
    expect(reportJson(withoutRunInfo(second))).toBe(reportJson(withoutRunInfo(first)));
  });

  it("keep run-specific values out of what is compared: no prefix, account id or assigned id", () => {
    const compared = reportJson(withoutRunInfo(first));
    expect(compared).not.toContain(first.run?.runPrefix);
    expect(compared).not.toContain(first.run?.runPrefix.toUpperCase());
    expect(compared).not.toContain("023e105f4ecef8ad9ca31a8372d0c353");
    const ids = compared.match(/[0-9a-f]{32}/g) ?? [];
    expect(ids.filter((id) => !FIXED_IDS.has(id))).toEqual([]);
  });

  it("record status, error codes, headers and a shape for every step", () => {
    for (const step of first.scenarios.flatMap((scenario) => scenario.steps)) {
      expect(step.status).toBeGreaterThanOrEqual(200);
      expect(step.bodyKind).toBe("json");
      expect(step.shape?.type).toBe("object");
      expect(step.headers.contentType).toBe("application/json");
      expect(step.errorCodes.length > 0).toBe(step.status >= 400);
    }
  });
});
