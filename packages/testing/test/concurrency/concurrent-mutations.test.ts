// 200 mutations sent at once through the client, to the fake behind MSW and
// behind the HTTP server. Different delays per operation make the fake
// answer them out of arrival order. Afterwards: every request is logged
// exactly once, each got the answer a simple model predicts when the same
// operations are applied in the order the fake logged them, and the store
// ends as that model ends.

import { APIError, UserGroupsClient } from "@cf-user-groups/client";
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserGroupsMock, defaultAccountMembers, failOnUnhandledRequests } from "../../src/index.js";
import { type MockServer, startMockServer } from "../../src/server/index.js";

const COUNT = 200;
const TOKEN = "concurrency-token";
const MEMBERS = defaultAccountMembers.map((member) => member.id);
const SEEDED = 20;

type Operation =
  | { kind: "create"; name: string }
  | { kind: "rename"; group: number; name: string }
  | { kind: "add"; group: number; members: string[] }
  | { kind: "replace"; group: number; members: string[] }
  | { kind: "remove"; group: number; member: string }
  | { kind: "delete"; group: number };

const group = fc.nat({ max: SEEDED - 1 });
const members = fc.uniqueArray(fc.constantFrom(...MEMBERS), { maxLength: 3 });
// Deletes are rare, so most groups live long enough for the other mutations to land on them.
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map((name) => ({ kind: "create" as const, name })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("rename" as const),
      group,
      name: fc.string({ minLength: 1, maxLength: 12 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("add" as const), group, members }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("replace" as const), group, members }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("remove" as const),
      group,
      member: fc.constantFrom(...MEMBERS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), group }) },
);
const operations = fc.sample(fc.array(operation, { minLength: COUNT, maxLength: COUNT }), {
  seed: 42,
  numRuns: 1,
})[0] as Operation[];

const options = {
  seed: 3,
  validateResponses: true,
  groups: Array.from({ length: SEEDED }, (_, index) => ({
    name: `Seeded ${index}`,
    members: MEMBERS.slice(index % MEMBERS.length, (index % MEMBERS.length) + 2),
  })),
};

/** Adds delays that differ by operation, so the fake answers out of arrival order. */
function shuffleAnswers(mock: MockServer["mock"]) {
  mock.delay("addUserGroupMembers", 15);
  mock.delay("replaceUserGroupMembers", 5);
  mock.delay("updateUserGroup", 10);
}

/** Sends one operation, tagged with its index so the log can be matched back. */
function send(client: UserGroupsClient<{ accountId: string }>, ids: string[], op: Operation, index: number) {
  const tag = { headers: { "x-operation-index": String(index) } };
  const groups = client.iam.userGroups;
  const id = "group" in op ? (ids[op.group] as string) : "";
  switch (op.kind) {
    case "create":
      return groups.create({ name: op.name }, tag);
    case "rename":
      return groups.update(id, { name: op.name }, tag);
    case "add":
      return groups.members.create(id, { members: op.members.map((member) => ({ id: member })) }, tag);
    case "replace":
      return groups.members.update(id, { members: op.members.map((member) => ({ id: member })) }, tag);
    case "remove":
      return groups.members.delete(op.member, { user_group_id: id }, tag);
    case "delete":
      return groups.delete(id, {}, tag);
  }
}

interface ModelGroup {
  name: string;
  members: Set<string>;
}

/** Applies one operation to the model: the status the API should answer. */
function apply(
  model: Map<string, ModelGroup>,
  ids: string[],
  op: Operation,
  createdId: string | undefined,
): number {
  if (op.kind === "create") {
    model.set(createdId as string, { name: op.name, members: new Set() });
    return 200;
  }
  const target = model.get(ids[op.group] as string);
  if (!target) return 404;
  switch (op.kind) {
    case "rename":
      target.name = op.name;
      return 200;
    case "add":
      for (const member of op.members) target.members.add(member);
      return 200;
    case "replace":
      target.members = new Set(op.members);
      return 200;
    case "remove":
      return target.members.delete(op.member) ? 200 : 404;
    case "delete":
      model.delete(ids[op.group] as string);
      return 200;
  }
}

async function runAll(mock: MockServer["mock"], client: UserGroupsClient<{ accountId: string }>) {
  const ids = mock.store.listUserGroups().map((entry) => entry.id);
  const initial = new Map(
    ids.map((id) => [
      id,
      {
        name: mock.store.getUserGroup(id)?.name as string,
        members: new Set((mock.store.listMembers(id) ?? []).map((member) => member.id)),
      },
    ]),
  );
  expect(initial.size).toBe(SEEDED);

  const outcomes = await Promise.allSettled(operations.map((op, index) => send(client, ids, op, index)));

  // Every request logged exactly once.
  const logged = mock.requests.map((request) => Number(request.headers["x-operation-index"]));
  expect(logged).toHaveLength(COUNT);
  expect([...logged].sort((a, b) => a - b)).toEqual(operations.map((_, index) => index));
  // The delays really did reorder them, or this test would prove nothing about log order.
  expect(logged).not.toEqual([...logged].sort((a, b) => a - b));

  // Replaying the log in order predicts each answer and the final state.
  const model = initial;
  for (const index of logged) {
    const op = operations[index] as Operation;
    const outcome = outcomes[index] as PromiseSettledResult<unknown>;
    const createdId = outcome.status === "fulfilled" ? (outcome.value as { id?: string })?.id : undefined;
    const expected = apply(model, ids, op, createdId);
    const actual =
      outcome.status === "fulfilled"
        ? 200
        : outcome.reason instanceof APIError
          ? outcome.reason.status
          : String(outcome.reason);
    expect(actual, `operation ${index}: ${JSON.stringify(op)}`).toBe(expected);
  }
  const state = (groups: Iterable<[string, ModelGroup]>) =>
    Object.fromEntries(
      [...groups].map(([id, entry]) => [id, { name: entry.name, members: [...entry.members].sort() }]),
    );
  expect(
    state(
      mock.store.listUserGroups().map((entry) => [
        entry.id,
        {
          name: entry.name,
          members: new Set((mock.store.listMembers(entry.id) ?? []).map((member) => member.id)),
        },
      ]),
    ),
  ).toEqual(state(model));
  return outcomes;
}

// 200 requests with shuffled answers (and, for the server, real sockets) take more than Vitest's
// default 5 s on a busy 2-core machine.
describe("200 concurrent mutations through the client", { timeout: 60_000 }, () => {
  describe("against the fake behind MSW", () => {
    const mock = createUserGroupsMock(options);
    const server = setupServer(...mock.handlers);
    beforeAll(() => server.listen(failOnUnhandledRequests));
    afterAll(() => server.close());

    it("are each logged once, answered as the model predicts in log order, and leave the model's state", async () => {
      shuffleAnswers(mock);
      const client = new UserGroupsClient({ apiToken: TOKEN, accountId: mock.accountId, maxRetries: 0 });
      const outcomes = await runAll(mock, client);
      // Both successes and not-found answers happened, so the check above covered both.
      expect(outcomes.filter((outcome) => outcome.status === "rejected").length).toBeGreaterThanOrEqual(25);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled").length).toBeGreaterThanOrEqual(25);
    });
  });

  describe("against the HTTP server", () => {
    let server: MockServer;
    beforeAll(async () => {
      server = await startMockServer(options);
    });
    afterAll(() => server.close());

    it("are each logged once, answered as the model predicts in log order, and leave the model's state", async () => {
      shuffleAnswers(server.mock);
      const client = new UserGroupsClient({
        apiToken: TOKEN,
        accountId: server.mock.accountId,
        baseURL: server.baseURL,
        maxRetries: 0,
      });
      await runAll(server.mock, client);
    });
  });
});
