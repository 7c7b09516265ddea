/**
 * A deterministic source of 32-character lowercase hex ids: the same seed
 * gives the same ids in the same order (mulberry32, four draws per id).
 */
export function createIdGenerator(seed: number): () => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, "0");
  };
  return () => next() + next() + next() + next();
}

/** An id sequence that knows how far it has gone, so a snapshot can carry on where it left off. */
export class IdSequence {
  #next: () => string;
  #used = 0;

  constructor(
    readonly seed: number,
    used = 0,
  ) {
    this.#next = createIdGenerator(seed);
    for (let skipped = 0; skipped < used; skipped++) this.next();
  }

  /** How many ids the sequence has given. */
  get used(): number {
    return this.#used;
  }

  next(): string {
    this.#used++;
    return this.#next();
  }
}
