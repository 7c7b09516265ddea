import { afterEach, describe, expect, it, vi } from "vitest";
import { createPacer } from "../src/pacer.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("createPacer", () => {
  it("asks for the delay that keeps starts 1000 / requestsPerSecond ms apart", async () => {
    let now = 0;
    const asked: number[] = [];
    const sleep = async (ms: number) => {
      asked.push(ms);
      now += ms;
    };
    const pace = createPacer({ requestsPerSecond: 2, now: () => now, sleep });
    await pace(); // first: at once
    await pace(); // 500 ms after the first
    now += 200; // the request took 200 ms
    await pace(); // 300 ms more
    now += 2_000; // idle for longer than the interval
    await pace(); // at once
    await pace();
    expect(asked).toEqual([500, 300, 500]);
    expect(pace.requests).toBe(5);
  });

  it("queues concurrent callers one interval apart (fake timers)", async () => {
    vi.useFakeTimers();
    const pace = createPacer({ requestsPerSecond: 2, now: () => Date.now() });
    const started: number[] = [];
    const t0 = Date.now();
    const all = Promise.all(
      [0, 1, 2, 3].map(async () => {
        await pace();
        started.push(Date.now() - t0);
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(499);
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 500]);
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(started).toEqual([0, 500, 1000, 1500]);
  });

  it("never waits when pacing is off", async () => {
    const sleep = vi.fn(async () => {});
    const pace = createPacer({ requestsPerSecond: 0, now: () => 0, sleep });
    for (let index = 0; index < 10; index += 1) await pace();
    expect(sleep).not.toHaveBeenCalled();
    expect(pace.requests).toBe(10);
  });

  it("keeps a live run's 5-minute count far under Cloudflare's 1,200 at 2 per second", async () => {
    let now = 0;
    const pace = createPacer({
      requestsPerSecond: 2,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const starts: number[] = [];
    for (let index = 0; index < 1_000; index += 1) {
      await pace();
      starts.push(now);
    }
    const window = 300_000;
    const busiest = Math.max(
      ...starts.map((start) => starts.filter((other) => other >= start && other < start + window).length),
    );
    expect(busiest).toBe(600);
  });
});
