import type { OperationId } from "@cf-user-groups/types";
import { type CreatedGroups, deleteCreated } from "./created-groups.js";
import type { Fact, ScenarioRecord, StepRecord } from "./report.js";
import { inferShape } from "./schema.js";
import type { Wire, WireRequest, WireResponse } from "./wire.js";
import { describeError, Interrupted } from "./wire.js";

/** Something a scenario needs that not every target has. */
export type Requirement = "fake-controls" | "policy-ids" | "scim-group";

/** What the suite runs against. */
export interface Target {
  kind: "fake" | "live";
  wire: Wire;
  /** At least two existing members of the account, to add to groups. */
  memberIds: readonly [string, string, ...string[]];
  /** A permission group and a resource group of the account, for policies. */
  policy?: { permissionGroupId: string; resourceGroupId: string };
  /** A group managed by SCIM that has members; only read, plus a no-op re-add. */
  scimGroupId?: string;
  /** The fake's control plane, for what only a fake can be made to do. */
  controls?: {
    setRateLimit(
      options: { requests: number; windowSeconds: number; blockSeconds: number } | boolean,
    ): Promise<void>;
    /** A second token the fake accepts, counted separately by its rate limit. */
    secondToken: string;
  };
}

/** One API-level scenario: steps over plain HTTP, each recorded. */
export interface Scenario {
  /** Unique, kebab-case; also part of the names of the groups it creates. */
  name: string;
  title: string;
  operations: OperationId[];
  requires?: Requirement[];
  run(context: ScenarioContext): Promise<void>;
}

/** The reason a scenario cannot go on, recorded as its outcome `stopped`. */
export class ScenarioStop extends Error {
  override name = "ScenarioStop";
}

/** Computes facts from an answer's `result`, its whole body and its headers; a throw records the facts as unavailable. */
// biome-ignore lint/suspicious/noExplicitAny: facts read answers of unknown shape with `?.`; a throw is caught and recorded.
export type FactsOf = (result: any, body: any, response: WireResponse) => Record<string, Fact>;

const REQUIREMENT_MISSING: Record<Requirement, string> = {
  "fake-controls":
    "needs the fake's control plane (provoking the live rate limit would block the token for minutes)",
  "policy-ids": "needs CLOUDFLARE_CONTRACT_PERMISSION_GROUP_ID and CLOUDFLARE_CONTRACT_RESOURCE_GROUP_ID",
  "scim-group": "needs CLOUDFLARE_CONTRACT_SCIM_GROUP_ID (a SCIM-managed group with members)",
};

const mediaType = (headers: Headers) =>
  headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? null;

function codesOf(body: unknown): { errorCodes: number[]; errorChain: number[] } {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  const errorCodes: number[] = [];
  const errorChain: number[] = [];
  if (!Array.isArray(errors)) return { errorCodes, errorChain };
  for (const error of errors) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "number") errorCodes.push(code);
    const chain = (error as { error_chain?: unknown } | null)?.error_chain;
    if (Array.isArray(chain)) {
      for (const link of chain) {
        const linked = (link as { code?: unknown } | null)?.code;
        if (typeof linked === "number") errorChain.push(linked);
      }
    }
  }
  return { errorCodes, errorChain };
}

/** What a scenario works with: names under the run's prefix, recorded steps, the target. */
export class ScenarioContext {
  readonly steps: StepRecord[] = [];
  readonly target: Target;
  readonly #scenario: Scenario;
  readonly #runPrefix: string;
  readonly #created: CreatedGroups;
  readonly #placeholders: Map<string, string>;

  constructor(target: Target, scenario: Scenario, runPrefix: string, created: CreatedGroups) {
    this.target = target;
    this.#scenario = scenario;
    this.#runPrefix = runPrefix;
    this.#created = created;
    this.#placeholders = new Map([
      [runPrefix, "{prefix}"],
      [runPrefix.toUpperCase(), "{PREFIX}"],
      [target.wire.accountId, "{account}"],
      ...target.memberIds.map((id, index) => [id, `{member${index + 1}}`] as [string, string]),
    ]);
    if (target.scimGroupId) this.#placeholders.set(target.scimGroupId, "{scim-group}");
  }

  /** The first two members of the account the suite may add to groups. */
  get members(): [string, string] {
    return [this.target.memberIds[0], this.target.memberIds[1]];
  }

  /** A group name under this run's prefix: `cf-contract-<run>-<scenario>-<suffix>`. */
  name(suffix: string): string {
    return `${this.#runPrefix}${this.#scenario.name}-${suffix}`;
  }

  /** The prefix of every name this scenario makes, for `fuzzyName` and `name` filters. */
  get namePrefix(): string {
    return this.name("");
  }

  /** Shows `value` as `label` in recorded requests (an email, an id this run got). */
  placeholder(value: string, label: string): void {
    if (value !== "") this.#placeholders.set(value, label);
  }

  /** Ends the scenario as `stopped`. */
  stop(reason: string): never {
    throw new ScenarioStop(reason);
  }

  /** The request as a report shows it: run-specific values replaced by placeholders. */
  describe(request: WireRequest): string {
    const params: Record<string, string | undefined> = {
      account_id: this.target.wire.accountId,
      ...request.params,
    };
    let line = request.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
    const query = Object.entries(request.query ?? {});
    if (query.length > 0) line += `?${query.map(([name, value]) => `${name}=${value}`).join("&")}`;
    const values = [...this.#placeholders.keys()].sort((a, b) => b.length - a.length);
    for (const value of values) line = line.split(value).join(this.#placeholders.get(value) as string);
    return `${request.method} ${line}`;
  }

  /**
   * Sends a request and records it as a step named `name`. `facts` reads the
   * answer for what a shape cannot say (counts, order). Creates and deletes of
   * groups are tracked, so whatever this run creates, it deletes.
   */
  async step(name: string, request: WireRequest, facts?: FactsOf): Promise<WireResponse> {
    if (this.steps.some((step) => step.name === name)) throw new Error(`Step "${name}" is recorded twice.`);
    const record: StepRecord = {
      name,
      operation: request.operation,
      request: this.describe(request),
      status: 0,
      errorCodes: [],
      headers: { contentType: null, ratelimit: false, ratelimitPolicy: false, retryAfter: false },
      bodyKind: "none",
      shape: null,
    };
    let response: WireResponse;
    try {
      response = await this.target.wire.send(request);
    } catch (error) {
      if (!(error instanceof Interrupted)) this.steps.push(record);
      throw error;
    }
    const body = response.body as { result?: { id?: unknown; name?: unknown } } | undefined;
    if (request.operation === "createUserGroup" && response.status === 200) {
      const id = body?.result?.id;
      if (typeof id === "string") {
        this.#created.add(id, this.#scenario.name);
        this.placeholder(id, "{group}");
      }
    }
    if (
      request.operation === "deleteUserGroup" &&
      (response.status === 200 || response.status === 404) &&
      request.params?.user_group_id
    ) {
      this.#created.remove(request.params.user_group_id);
    }
    const { errorCodes, errorChain } = codesOf(body);
    record.status = response.status;
    record.errorCodes = errorCodes;
    if (errorChain.length > 0) record.errorChain = errorChain;
    record.headers = {
      contentType: mediaType(response.headers),
      ratelimit: response.headers.has("ratelimit"),
      ratelimitPolicy: response.headers.has("ratelimit-policy"),
      retryAfter: response.headers.has("retry-after"),
    };
    record.bodyKind = response.bodyKind;
    if (response.bodyKind === "json") {
      try {
        record.shape = inferShape(response.body);
      } catch (error) {
        // A body nested too deep to walk: say so rather than lose the step.
        record.shape = { type: `uninferable (${(error as Error).message})` };
      }
    }
    if (facts) {
      try {
        record.facts = facts(body?.result, body, response);
      } catch {
        record.facts = { "facts unavailable": true };
      }
    }
    this.steps.push(record);
    return response;
  }

  /** The id of the group a create answered with, or stops the scenario. */
  createdId(response: WireResponse, what: string): string {
    const id = (response.body as { result?: { id?: unknown } } | undefined)?.result?.id;
    if (response.status !== 200 || typeof id !== "string") {
      this.stop(`${what}: expected 200 with result.id, got ${response.status}`);
    }
    return id;
  }

  /** Stops the scenario unless the answer was a 200: later steps depend on it. */
  expectOk(response: WireResponse, what: string): void {
    if (response.status !== 200) this.stop(`${what}: expected 200, got ${response.status}`);
  }
}

/** Options for {@link runScenarios}. */
export interface RunScenariosOptions {
  target: Target;
  scenarios: readonly Scenario[];
  runPrefix: string;
  created: CreatedGroups;
  /** Called as each scenario ends, for progress output. */
  onScenario?: (record: ScenarioRecord) => void;
}

/**
 * Runs the scenarios in order, each in its own context, deleting what each
 * created when it ends (unrecorded). Stops early, without starting another
 * scenario, once the run is interrupted.
 */
export async function runScenarios({
  target,
  scenarios,
  runPrefix,
  created,
  onScenario,
}: RunScenariosOptions): Promise<ScenarioRecord[]> {
  const records: ScenarioRecord[] = [];
  for (const scenario of scenarios) {
    const record: ScenarioRecord = {
      name: scenario.name,
      title: scenario.title,
      operations: scenario.operations,
      outcome: "complete",
      steps: [],
    };
    const missing = (scenario.requires ?? []).find(
      (requirement) =>
        (requirement === "fake-controls" && !target.controls) ||
        (requirement === "policy-ids" && !target.policy) ||
        (requirement === "scim-group" && !target.scimGroupId),
    );
    if (missing) {
      records.push({ ...record, outcome: "skipped", reason: REQUIREMENT_MISSING[missing] });
      onScenario?.(records.at(-1) as ScenarioRecord);
      continue;
    }
    const context = new ScenarioContext(target, scenario, runPrefix, created);
    try {
      await scenario.run(context);
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      record.outcome = error instanceof ScenarioStop ? "stopped" : "error";
      record.reason = error instanceof ScenarioStop ? error.message : describeError(error);
    } finally {
      record.steps = context.steps;
      for (const id of created.ids(scenario.name)) await deleteCreated(target.wire, created, id);
    }
    records.push(record);
    onScenario?.(record);
  }
  return records;
}
