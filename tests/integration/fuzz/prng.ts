/**
 * A small seeded PRNG (mulberry32) so a fuzz run is a pure function of its seed: the same seed
 * builds the same requests, and each request has its own stream so one can be replayed alone.
 */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T;
}

const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const createRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [weight, item] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return items[items.length - 1][1];
    },
  };
  return rng;
};

/** The stream of request `index` in a run of `seed` (independent of every other request). */
export const requestRng = (seed: number, index: number) => createRng((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0);

/** FUZZ_SEED when given (decimal or 0x hex), else a fresh one that the run prints. */
export const seedFromEnv = (value = process.env.FUZZ_SEED): number => {
  if (value !== undefined && value !== '') {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`FUZZ_SEED must be a non-negative integer, got ${JSON.stringify(value)}`);
    return parsed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
};
