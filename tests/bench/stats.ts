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

/** Seeded, so a rerun on the same samples gives the same interval. */
const seededRandom = (seed: number) => () => {
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
