/** Order statistics the benches share, so every median and p95 in the report means the same thing. */

/** Linear interpolation between the closest ranks (q in 0..1). */
export const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
};

export const median = (values: number[]) => quantile(values, 0.5);

/** Nearest-rank percentile (p in 0..100): p99 of 30 samples is the largest one, never an interpolation. */
export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** A seeded generator (mulberry32) in [0, 1): the same seed gives the same sequence, so runs can be replayed. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Bootstrap 95% interval of quantile(a) / quantile(b), each arm resampled on its own: single
 * samples spread widely, so the interval says how far one run's ratio can be trusted.
 */
export const ratioInterval = (a: number[], b: number[], q = 0.5, rounds = 2_000): [number, number] => {
  const random = seededRandom(42);
  const resample = (values: number[]) => values.map(() => values[Math.floor(random() * values.length)]);
  const ratios = Array.from({ length: rounds }, () => quantile(resample(a), q) / quantile(resample(b), q)).sort((x, y) => x - y);
  return [ratios[Math.floor(rounds * 0.025)], ratios[Math.min(rounds - 1, Math.floor(rounds * 0.975))]];
};

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));
