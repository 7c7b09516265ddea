import { UserGroupsClient } from "@cf-user-groups/client";
import { describe, expect, it } from "vitest";
import { createUserGroupsMock } from "../../src/index.js";

const START = Date.parse("2026-06-01T00:00:00.000Z");
/** A time source that stands at START, so the clock moves only when told. */
const fixed = () => new Date(START);

describe("mock.clock", () => {
  it("stamps created_on and modified_on, and moves when advanced", async () => {
    const mock = createUserGroupsMock({ now: fixed });
    const client = new UserGroupsClient({ apiToken: "t", accountId: mock.accountId, fetch: mock.fetch });
    const created = await client.iam.userGroups.create({ name: "Timed" });
    expect(created.created_on).toBe("2026-06-01T00:00:00.000Z");
    expect(mock.clock.advance(5 * 60_000).toISOString()).toBe("2026-06-01T00:05:00.000Z");
    const updated = await client.iam.userGroups.update(created.id, { name: "Later" });
    expect(updated.modified_on).toBe("2026-06-01T00:05:00.000Z");
    expect(updated.created_on).toBe("2026-06-01T00:00:00.000Z");
    expect(mock.clock.offsetMs).toBe(5 * 60_000);
    expect(mock.requests.map((request) => request.at)).toEqual([
      "2026-06-01T00:00:00.000Z",
      "2026-06-01T00:05:00.000Z",
    ]);
  });

  it("set() moves it to a time, which then follows the time source, or stands still when frozen", () => {
    let source = START;
    const mock = createUserGroupsMock({ now: () => new Date(source) });
    mock.clock.set("2030-01-01T00:00:00Z");
    source += 1_000;
    expect(mock.clock.now().toISOString()).toBe("2030-01-01T00:00:01.000Z");
    expect(mock.clock.frozen).toBe(false);
    mock.clock.set(Date.parse("2031-01-01T00:00:00Z"), { frozen: true });
    source += 60_000;
    expect(mock.clock.now().toISOString()).toBe("2031-01-01T00:00:00.000Z");
    expect(mock.clock.frozen).toBe(true);
    expect(mock.clock.advance(-1_000).toISOString()).toBe("2030-12-31T23:59:59.000Z");
    expect(mock.clock.offsetMs).toBe(Date.parse("2030-12-31T23:59:59Z") - source);
  });

  it("reset() puts it back on its time source, running", () => {
    const mock = createUserGroupsMock({ now: fixed });
    mock.clock.set("2040-01-01T00:00:00Z", { frozen: true });
    mock.reset();
    expect(mock.clock.now().getTime()).toBe(START);
    expect(mock.clock.offsetMs).toBe(0);
    expect(mock.clock.frozen).toBe(false);
  });

  it.each([
    [
      "advance(NaN)",
      (mock: ReturnType<typeof createUserGroupsMock>) => mock.clock.advance(Number.NaN),
      "advance() takes a finite number of milliseconds, got NaN.",
    ],
    [
      "advance(Infinity)",
      (mock: ReturnType<typeof createUserGroupsMock>) => mock.clock.advance(Number.POSITIVE_INFINITY),
      "advance() takes a finite number of milliseconds, got Infinity.",
    ],
    [
      "set('soon')",
      (mock: ReturnType<typeof createUserGroupsMock>) => mock.clock.set("soon"),
      '"soon" is not a time a Date can hold.',
    ],
    [
      "set(9e15)",
      (mock: ReturnType<typeof createUserGroupsMock>) => mock.clock.set(9e15),
      "9000000000000000 is not a time a Date can hold.",
    ],
  ])("refuses %s and stays where it was", (_, move, message) => {
    const mock = createUserGroupsMock({ now: fixed });
    expect(() => move(mock)).toThrow(TypeError);
    expect(() => move(mock)).toThrow(message);
    expect(mock.clock.now().getTime()).toBe(START);
  });
});
