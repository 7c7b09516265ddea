// Model-based fuzzing of the fake: fast-check generates sequences of valid
// and invalid requests for all ten operations, runs each against the fake
// (with response validation on) and against the reference model, and after
// every request checks the status, the error code or result, that nothing
// answered 5xx, that a rejected request changed nothing, and that the fake's
// whole state equals the model's.
//
// FUZZ_RUNS raises the number of sequences (default 2000); FUZZ_SEED changes
// the seed (default 20261124). A failure prints the shrunk sequence.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock, ErrorCodes, type UserGroupsMock } from "../../src/index.js";
import {
  asText,
  createBody,
  DIRECTORY_IDS,
  hex32,
  listQuery,
  malformedText,
  memberId,
  membersBody,
  membersQuery,
  names,
  oddSegment,
} from "./arbitraries.js";
import {
  ACCOUNT,
  byEmail,
  DIRECTORY,
  decodeSegment,
  type Expectation,
  groupNotFound,
  invalidBody,
  invalidIdentifier,
  invalidQuery,
  isCreateBody,
  isMembersBody,
  isUpdateBody,
  Model,
  type ModelGroup,
  type ModelPolicy,
  malformedJson,
  memberNotFound,
  memberView,
  notAnAccountMember,
  pageOf,
  parseJson,
  parseListQuery,
  policyNotFound,
  type Query,
} from "./model.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const BASE = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/iam/user_groups`;

interface Real {
  mock: UserGroupsMock;
}

/** What the model says a request should do: its answer, and on success, how to check the result and update the model. */
interface Outcome extends Expectation {
  verify?: (result: unknown, body: Record<string, unknown>) => void;
  apply?: (result: unknown) => void;
}

interface Sent {
  method: string;
  path: string;
  query?: Query;
  body?: string;
  headers?: Record<string, string>;
}

// ---- Targets: which group or member a request names --------------------------

type GroupTarget =
  | { kind: "existing"; pick: number }
  | { kind: "with-members"; pick: number }
  | { kind: "percent-encoded"; pick: number }
  | { kind: "deleted"; pick: number }
  | { kind: "unknown"; id: string }
  | { kind: "odd-segment"; segment: string };

type MemberTarget =
  | { kind: "in-group"; pick: number }
  | { kind: "directory"; pick: number }
  | { kind: "outsider"; id: string }
  | { kind: "odd-segment"; segment: string };

/** Which group a request names; member requests lean towards groups that have members. */
const groupTargetLeaning = (withMembers: number): fc.Arbitrary<GroupTarget> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: "existing" as const, pick })) },
    { weight: withMembers, arbitrary: fc.nat().map((pick) => ({ kind: "with-members" as const, pick })) },
    { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "percent-encoded" as const, pick })) },
    { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "deleted" as const, pick })) },
    { weight: 1, arbitrary: hex32.map((id) => ({ kind: "unknown" as const, id })) },
    { weight: 1, arbitrary: oddSegment.map((segment) => ({ kind: "odd-segment" as const, segment })) },
  );
const groupTarget = groupTargetLeaning(2);
const memberGroupTarget = groupTargetLeaning(12);
const memberTarget: fc.Arbitrary<MemberTarget> = fc.oneof(
  { weight: 8, arbitrary: fc.nat().map((pick) => ({ kind: "in-group" as const, pick })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "directory" as const, pick })) },
  { weight: 1, arbitrary: hex32.map((id) => ({ kind: "outsider" as const, id })) },
  { weight: 1, arbitrary: oddSegment.map((segment) => ({ kind: "odd-segment" as const, segment })) },
);

/** The path segment a group target names, and the group if it exists in the model. */
function resolveGroup(
  model: Model,
  target: GroupTarget,
): { segment: string; group?: ModelGroup | undefined } {
  const ids = model.sorted().map((group) => group.id);
  switch (target.kind) {
    case "existing": {
      const id = ids[target.pick % Math.max(ids.length, 1)] ?? "0".repeat(32);
      return { segment: id, group: model.groups.get(id) };
    }
    case "percent-encoded": {
      // An existing id with every character percent-encoded names the same group.
      const id = ids[target.pick % Math.max(ids.length, 1)] ?? "0".repeat(32);
      const segment = [...id].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`).join("");
      return { segment, group: model.groups.get(id) };
    }
    case "with-members": {
      const withMembers = model.sorted().filter((group) => group.members.size > 0);
      const group =
        withMembers[target.pick % Math.max(withMembers.length, 1)] ?? model.groups.get(ids[0] ?? "");
      return group ? { segment: group.id, group } : { segment: "0".repeat(32) };
    }
    case "deleted":
      return { segment: model.deleted[target.pick % Math.max(model.deleted.length, 1)] ?? "f".repeat(32) };
    case "unknown":
      return { segment: target.id, group: model.groups.get(target.id) };
    case "odd-segment":
      return { segment: target.segment };
  }
}

function resolveMember(group: ModelGroup | undefined, target: MemberTarget): string {
  switch (target.kind) {
    case "in-group": {
      const members = [...(group?.members ?? [])].sort();
      return members[target.pick % Math.max(members.length, 1)] ?? (DIRECTORY_IDS[0] as string);
    }
    case "directory":
      return DIRECTORY_IDS[target.pick % DIRECTORY_IDS.length] as string;
    case "outsider":
      return target.id;
    case "odd-segment":
      return target.segment;
  }
}

// ---- Checks -------------------------------------------------------------------

const policyView = (policy: {
  id?: string;
  access?: string;
  permission_groups?: { id: string }[];
  resource_groups?: { id: string }[];
}): ModelPolicy => ({
  id: policy.id ?? "",
  access: policy.access ?? "",
  permission_groups: (policy.permission_groups ?? []).map((entry) => entry.id),
  resource_groups: (policy.resource_groups ?? []).map((entry) => entry.id),
});

const groupView = (group: ModelGroup) => ({ id: group.id, name: group.name, policies: group.policies });

/** A group the fake answered or stored, in the model's terms. */
const answeredView = (answered: unknown) => {
  const group = answered as { id: string; name: string; policies?: Parameters<typeof policyView>[0][] };
  return { id: group.id, name: group.name, policies: (group.policies ?? []).map(policyView) };
};

/** The fake's whole state equals the model's. */
function expectSameState(mock: UserGroupsMock, model: Model) {
  const groups = mock.store.listUserGroups();
  expect(groups.map((group) => group.id)).toEqual(model.sorted().map((group) => group.id));
  for (const group of groups) {
    const expected = model.groups.get(group.id) as ModelGroup;
    expect(answeredView(group)).toEqual(groupView(expected));
    expect((mock.store.listMembers(group.id) ?? []).map((member) => member.id).sort()).toEqual(
      [...expected.members].sort(),
    );
  }
}

async function send(real: Real, request: Sent) {
  const search = new URLSearchParams(request.query ?? {}).toString();
  const response = await real.mock.fetch(`${BASE}${request.path}${search ? `?${search}` : ""}`, {
    method: request.method,
    headers: request.headers ?? { authorization: "Bearer fuzz-token" },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Runs one request against the fake and the model, and checks everything. */
async function exercise(model: Model, real: Real, request: Sent, outcome: Outcome) {
  const before = real.mock.store.snapshot();
  const { status, body } = await send(real, request);
  expect(status, "no request may get a 5xx").toBeLessThan(500);
  expect({ status, code: (body.errors as { code?: number }[] | undefined)?.[0]?.code }).toEqual({
    status: outcome.status,
    code: outcome.status === 200 ? undefined : outcome.code,
  });
  if (outcome.status === 200) {
    expect(body.success).toBe(true);
    outcome.verify?.(body.result, body);
    outcome.apply?.(body.result);
  } else {
    expect(body).toMatchObject({ success: false, result: null });
    expect(real.mock.store.snapshot(), "a rejected request must change nothing").toEqual(before);
  }
  expectSameState(real.mock, model);
}

/** The first failing check of the path segments, or undefined when they all route. */
const pathFailure = (...segments: string[]) =>
  segments.every((segment) => decodeSegment(segment) !== undefined) ? undefined : invalidIdentifier;

/** A request body's failure: malformed JSON, or a value the schema rejects. */
function bodyFailure(text: string, valid: (value: unknown) => boolean): Expectation | undefined {
  const parsed = parseJson(text);
  if (!parsed) return malformedJson;
  return valid(parsed.value) ? undefined : invalidBody;
}

const memberResults = (ids: string[]) => ids.map(memberView);

// ---- Commands -----------------------------------------------------------------

abstract class ApiCommand implements fc.AsyncCommand<Model, Real> {
  /** The group this command names, if any: the command only runs when that target can be resolved. */
  readonly target?: GroupTarget;
  /** Keeps sequences from wasting requests on "existing" groups before any exist (unknown and deleted ids cover 404s). */
  check(model: Readonly<Model>): boolean {
    switch (this.target?.kind) {
      case "existing":
      case "percent-encoded":
        return model.groups.size > 0;
      case "with-members":
        return [...model.groups.values()].some((group) => group.members.size > 0);
      default:
        return true;
    }
  }
  abstract run(model: Model, real: Real): Promise<void>;
  abstract toString(): string;
}

class ListGroups extends ApiCommand {
  constructor(readonly query: Query) {
    super();
  }
  async run(model: Model, real: Real) {
    const parsed = parseListQuery(this.query, ["id", "name", "fuzzyName"]);
    let outcome: Outcome = invalidQuery;
    if (parsed) {
      const needle = this.query.fuzzyName?.toLowerCase();
      let groups = model
        .sorted()
        .filter(
          (group) =>
            (this.query.id === undefined || group.id === this.query.id) &&
            (this.query.name === undefined || group.name === this.query.name) &&
            (needle === undefined || group.name.toLowerCase().includes(needle)),
        );
      if (parsed.descending) groups = groups.reverse();
      const expected = pageOf(groups.map(groupView), parsed.page, parsed.perPage);
      outcome = {
        status: 200,
        verify: (result, body) => {
          expect((result as unknown[]).map(answeredView)).toEqual(expected.result);
          expect(body.result_info).toEqual(expected.result_info);
        },
      };
    }
    await exercise(model, real, { method: "GET", path: "", query: this.query }, outcome);
  }
  toString() {
    return `listUserGroups(${JSON.stringify(this.query)})`;
  }
}

class ListAllPages extends ApiCommand {
  constructor(readonly perPage: number) {
    super();
  }
  async run(model: Model, real: Real) {
    const expected = model.sorted().map((group) => group.id);
    const seen: string[] = [];
    for (let page = 1; page <= expected.length + 2; page++) {
      const { status, body } = await send(real, {
        method: "GET",
        path: "",
        query: { page: String(page), per_page: String(this.perPage) },
      });
      expect(status).toBe(200);
      expect((body.result_info as { total_count: number }).total_count).toBe(expected.length);
      const ids = (body.result as { id: string }[]).map((group) => group.id);
      if (ids.length === 0) break;
      seen.push(...ids);
    }
    expect(seen).toEqual(expected);
  }
  toString() {
    return `listAllPages(per_page=${this.perPage})`;
  }
}

class GetGroup extends ApiCommand {
  constructor(override readonly target: GroupTarget) {
    super();
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    const outcome: Outcome =
      pathFailure(segment) ??
      (group
        ? {
            status: 200,
            verify: (result) => expect(answeredView(result)).toEqual(groupView(group)),
          }
        : groupNotFound);
    await exercise(model, real, { method: "GET", path: `/${segment}` }, outcome);
  }
  toString() {
    return `getUserGroup(${JSON.stringify(this.target)})`;
  }
}

class CreateGroup extends ApiCommand {
  constructor(readonly body: string) {
    super();
  }
  async run(model: Model, real: Real) {
    const outcome: Outcome = bodyFailure(this.body, isCreateBody) ?? {
      status: 200,
      verify: (result) => {
        const created = result as { id: string; name: string; policies: never[] };
        const input = JSON.parse(this.body) as {
          name: string;
          policies?: {
            access: string;
            permission_groups: { id: string }[];
            resource_groups: { id: string }[];
          }[];
        };
        expect(created.id).toMatch(/^[0-9a-f]{32}$/);
        expect(model.groups.has(created.id) || model.deleted.includes(created.id)).toBe(false);
        expect(created.name).toBe(input.name);
        expect(created.policies.map(policyView).map(({ id, ...rest }) => rest)).toEqual(
          (input.policies ?? []).map((policy) => ({
            access: policy.access,
            permission_groups: policy.permission_groups.map((entry) => entry.id),
            resource_groups: policy.resource_groups.map((entry) => entry.id),
          })),
        );
      },
      apply: (result) => {
        const created = result as { id: string; name: string; policies: never[] };
        model.groups.set(created.id, {
          id: created.id,
          name: created.name,
          policies: created.policies.map(policyView),
          members: new Set(),
        });
      },
    };
    await exercise(model, real, { method: "POST", path: "", body: this.body }, outcome);
  }
  toString() {
    return `createUserGroup(${this.body.length > 120 ? `${this.body.slice(0, 120)}…` : this.body})`;
  }
}

type UpdateShape =
  | { kind: "rename"; name: string }
  | { kind: "keep-policies"; count: number; access: string }
  | { kind: "unknown-policy"; id: string }
  | { kind: "raw"; body: string };

class UpdateGroup extends ApiCommand {
  constructor(
    override readonly target: GroupTarget,
    readonly shape: UpdateShape,
  ) {
    super();
  }
  /** The body, built from the group's current policies where the shape asks for them. */
  body(group: ModelGroup | undefined): string {
    switch (this.shape.kind) {
      case "rename":
        return asText({ name: this.shape.name });
      case "keep-policies": {
        const policies = (group?.policies ?? []).slice(0, this.shape.count).map((policy) => ({
          id: policy.id,
          access: this.shape.kind === "keep-policies" ? this.shape.access : policy.access,
          permission_groups: policy.permission_groups.map((id) => ({ id })),
          resource_groups: policy.resource_groups.map((id) => ({ id })),
        }));
        return asText({ policies });
      }
      case "unknown-policy":
        return asText({
          policies: [{ id: this.shape.id, access: "allow", permission_groups: [], resource_groups: [] }],
        });
      case "raw":
        return this.shape.body;
    }
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    const body = this.body(group);
    const parsed = parseJson(body)?.value as
      | {
          name?: string;
          policies?: {
            id: string;
            access: string;
            permission_groups: { id: string }[];
            resource_groups: { id: string }[];
          }[];
        }
      | undefined;
    let outcome: Outcome | undefined =
      pathFailure(segment) ?? bodyFailure(body, isUpdateBody) ?? (group ? undefined : groupNotFound);
    if (!outcome && group && parsed) {
      const known = new Set(group.policies.map((policy) => policy.id));
      if (parsed.policies?.some((policy) => !known.has(policy.id))) outcome = policyNotFound;
      else {
        const next = {
          id: group.id,
          name: parsed.name ?? group.name,
          policies: parsed.policies
            ? parsed.policies.map((policy) => ({
                id: policy.id,
                access: policy.access,
                permission_groups: policy.permission_groups.map((entry) => entry.id),
                resource_groups: policy.resource_groups.map((entry) => entry.id),
              }))
            : group.policies,
        };
        outcome = {
          status: 200,
          verify: (result) => expect(answeredView(result)).toEqual(next),
          apply: () => {
            group.name = next.name;
            group.policies = next.policies;
          },
        };
      }
    }
    await exercise(model, real, { method: "PUT", path: `/${segment}`, body }, outcome as Outcome);
  }
  toString() {
    return `updateUserGroup(${JSON.stringify(this.target)}, ${JSON.stringify(this.shape).slice(0, 160)})`;
  }
}

class DeleteGroup extends ApiCommand {
  constructor(override readonly target: GroupTarget) {
    super();
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    const outcome: Outcome =
      pathFailure(segment) ??
      (group
        ? {
            status: 200,
            verify: (result) => expect(result).toEqual({ id: group.id }),
            apply: () => {
              model.groups.delete(group.id);
              model.deleted.push(group.id);
            },
          }
        : groupNotFound);
    await exercise(model, real, { method: "DELETE", path: `/${segment}` }, outcome);
  }
  toString() {
    return `deleteUserGroup(${JSON.stringify(this.target)})`;
  }
}

class ListMembers extends ApiCommand {
  constructor(
    override readonly target: GroupTarget,
    readonly query: Query,
  ) {
    super();
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    const parsed = parseListQuery(this.query, ["fuzzyEmail"]);
    let outcome: Outcome | undefined =
      pathFailure(segment) ?? (parsed ? undefined : invalidQuery) ?? (group ? undefined : groupNotFound);
    if (!outcome && parsed && group) {
      const needle = this.query.fuzzyEmail?.toLowerCase();
      let members = memberResults([...group.members])
        .filter((member) => needle === undefined || member.email?.toLowerCase().includes(needle))
        .sort(byEmail);
      if (parsed.descending) members = members.reverse();
      const expected = pageOf(members, parsed.page, parsed.perPage);
      outcome = {
        status: 200,
        verify: (result, body) => {
          expect(result).toEqual(expected.result);
          expect(body.result_info).toEqual(expected.result_info);
        },
      };
    }
    await exercise(
      model,
      real,
      { method: "GET", path: `/${segment}/members`, query: this.query },
      outcome as Outcome,
    );
  }
  toString() {
    return `listUserGroupMembers(${JSON.stringify(this.target)}, ${JSON.stringify(this.query)})`;
  }
}

/** Gets one member of a group, or removes them. */
class OneMember extends ApiCommand {
  constructor(
    readonly remove: boolean,
    override readonly target: GroupTarget,
    readonly member: MemberTarget,
  ) {
    super();
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    const member = resolveMember(group, this.member);
    const id = decodeSegment(member) ?? member;
    const outcome: Outcome =
      pathFailure(segment, member) ??
      (!group
        ? groupNotFound
        : !group.members.has(id)
          ? memberNotFound
          : this.remove
            ? {
                status: 200,
                verify: (result) => expect(result).toEqual(memberView(id)),
                apply: () => group.members.delete(id),
              }
            : { status: 200, verify: (result) => expect(result).toMatchObject(memberView(id)) });
    await exercise(
      model,
      real,
      { method: this.remove ? "DELETE" : "GET", path: `/${segment}/members/${member}` },
      outcome,
    );
  }
  toString() {
    const name = this.remove ? "removeUserGroupMember" : "getUserGroupMember";
    return `${name}(${JSON.stringify(this.target)}, ${JSON.stringify(this.member)})`;
  }
}

class ChangeMembers extends ApiCommand {
  constructor(
    readonly replace: boolean,
    override readonly target: GroupTarget,
    readonly body: string,
  ) {
    super();
  }
  async run(model: Model, real: Real) {
    const { segment, group } = resolveGroup(model, this.target);
    let outcome: Outcome | undefined =
      pathFailure(segment) ?? bodyFailure(this.body, isMembersBody) ?? (group ? undefined : groupNotFound);
    if (!outcome && group) {
      const ids = [...new Set((JSON.parse(this.body) as { id: string }[]).map((entry) => entry.id))];
      if (ids.some((id) => !DIRECTORY.has(id))) outcome = notAnAccountMember;
      else {
        const expected = this.replace ? memberResults(ids).sort(byEmail) : memberResults(ids);
        outcome = {
          status: 200,
          verify: (result) => expect(result).toEqual(expected),
          apply: () => {
            if (this.replace) group.members.clear();
            for (const id of ids) group.members.add(id);
          },
        };
      }
    }
    await exercise(
      model,
      real,
      { method: this.replace ? "PUT" : "POST", path: `/${segment}/members`, body: this.body },
      outcome as Outcome,
    );
  }
  toString() {
    return `${this.replace ? "replaceUserGroupMembers" : "addUserGroupMembers"}(${JSON.stringify(this.target)}, ${this.body})`;
  }
}

class WithoutCredentials extends ApiCommand {
  constructor(
    readonly method: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }
  async run(model: Model, real: Real) {
    const missing = !("authorization" in this.headers);
    const outcome = {
      status: 400,
      code: missing ? ErrorCodes.MISSING_CREDENTIALS : ErrorCodes.INVALID_HEADERS,
    };
    await exercise(
      model,
      real,
      {
        method: this.method,
        path: "",
        headers: this.headers,
        ...(this.method === "POST" ? { body: '{"name":"x"}' } : {}),
      },
      outcome,
    );
  }
  toString() {
    return `${this.method} without valid credentials ${JSON.stringify(this.headers)}`;
  }
}

class NoRoute extends ApiCommand {
  constructor(readonly method: string) {
    super();
  }
  async run(model: Model, real: Real) {
    await exercise(
      model,
      real,
      { method: this.method, path: "" },
      { status: 400, code: ErrorCodes.NO_ROUTE },
    );
  }
  toString() {
    return `${this.method} on the groups path`;
  }
}

const updateShape: fc.Arbitrary<UpdateShape> = fc.oneof(
  names.map((name) => ({ kind: "rename" as const, name })),
  fc
    .record({ count: fc.nat({ max: 3 }), access: fc.constantFrom("allow", "deny") })
    .map((shape) => ({ kind: "keep-policies" as const, ...shape })),
  hex32.map((id) => ({ kind: "unknown-policy" as const, id })),
  fc
    .oneof(
      malformedText,
      fc.constantFrom(
        asText({ name: "" }),
        asText({ policies: [{ access: "allow", permission_groups: [], resource_groups: [] }] }),
        asText([]),
        asText({ name: 7 }),
      ),
    )
    .map((body) => ({ kind: "raw" as const, body })),
);

const commands = [
  createBody.map((body) => new CreateGroup(body)),
  createBody.map((body) => new CreateGroup(body)),
  listQuery.map((query) => new ListGroups(query)),
  fc.integer({ min: 1, max: 7 }).map((perPage) => new ListAllPages(perPage)),
  groupTarget.map((target) => new GetGroup(target)),
  fc.tuple(groupTarget, updateShape).map(([target, shape]) => new UpdateGroup(target, shape)),
  groupTarget.map((target) => new DeleteGroup(target)),
  fc.tuple(memberGroupTarget, membersQuery).map(([target, query]) => new ListMembers(target, query)),
  fc.tuple(memberGroupTarget, memberTarget).map(([target, member]) => new OneMember(false, target, member)),
  fc
    .tuple(groupTarget, membersBody(memberId))
    .map(([target, body]) => new ChangeMembers(false, target, body)),
  fc.tuple(groupTarget, membersBody(memberId)).map(([target, body]) => new ChangeMembers(true, target, body)),
  fc.tuple(memberGroupTarget, memberTarget).map(([target, member]) => new OneMember(true, target, member)),
  fc
    .tuple(
      fc.constantFrom("GET", "POST"),
      fc.constantFrom(
        {},
        { authorization: "Basic abc" },
        { authorization: "Bearer two words" },
        { "x-auth-key": "k" },
      ),
    )
    .map(([method, headers]) => new WithoutCredentials(method, headers)),
  fc.constantFrom("PATCH", "DELETE").map((method) => new NoRoute(method)),
];

describe("the fake against a reference model", () => {
  it(`agrees over ${RUNS} random request sequences (seed ${SEED})`, async () => {
    const mock = createUserGroupsMock({ validateResponses: true, seed: 5 });
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: "+1" }), async (sequence) => {
        mock.reset();
        await fc.asyncModelRun(() => ({ model: new Model(), real: { mock } }), sequence);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
