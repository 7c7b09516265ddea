// Time in tests without hoping: instead of measuring how long something took
// on the wall clock (which a busy machine stretches), record the delays the
// code asked setTimeout for, and wait for conditions rather than deadlines.

import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";

const thisFile = fileURLToPath(import.meta.url);
/** Taken when this module loads, before any test fakes timers. */
const realSetTimeout = globalThis.setTimeout;

/** The stack frame of whoever called the function this is called from. */
function callerFrame(): string {
  const lines = new Error().stack?.split("\n").slice(1) ?? [];
  return lines.find((line) => !line.includes(thisFile)) ?? "";
}

/**
 * Records the delay of every `setTimeout` called directly from code whose
 * stack frame matches `caller` (match a package's source folder rather than
 * one file, so moving code within the package does not hide its timers), in
 * call order, until the current test ends.
 * Every call still goes on to the `setTimeout` installed when recording
 * began (the real one, or vitest's fake one if faked first), so the code
 * waits as it would have.
 *
 * @example
 * ```ts
 * const delays = recordRequestedDelays(/\/packages\/client\/src\//);
 * await client.iam.userGroups.get(id);
 * expect(delays).toEqual([60_000]); // one attempt, with the default timeout
 * ```
 */
export function recordRequestedDelays(caller: RegExp): number[] {
  const delays: number[] = [];
  const original = globalThis.setTimeout;
  const recording = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (caller.test(callerFrame())) delays.push(ms ?? 0);
    return original(callback, ms, ...args);
  }) as typeof setTimeout;
  // Fake timers mark their functions; keep the marks so vi.useRealTimers() still restores the real one.
  Object.assign(recording, original);
  globalThis.setTimeout = recording;
  onTestFinished(() => {
    // vi.useRealTimers() may already have put the real one back; leave that alone.
    if (globalThis.setTimeout === recording) globalThis.setTimeout = original;
  });
  return delays;
}

/**
 * Resolves once `condition()` holds, checking every millisecond of real
 * time, even while timers are faked. It has no deadline of its own: the
 * test's timeout is the only one, so a slow machine makes it wait longer,
 * never fail.
 */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => realSetTimeout(resolve, 1));
}
