import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { MockSnapshot } from "../core/controls.js";

/**
 * The fake's state as a file: read at start, written on clean exit and when
 * the control plane asks. Writes go to a temporary file beside it that is
 * then renamed over it, so a crash never leaves a half-written file.
 */

/** The snapshot in `path`, or undefined when there is no such file. Throws when it cannot be read or is not JSON. */
export async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read the state file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Writes `snapshot` to `path` atomically: beside it first, synced, then renamed over it. */
export async function writeStateFile(path: string, snapshot: MockSnapshot): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(temporary, "wx");
  try {
    await file.writeFile(`${JSON.stringify(snapshot, null, 2)}\n`);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
