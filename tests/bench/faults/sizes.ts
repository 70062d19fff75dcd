/**
 * How big each fault run is: `full` (the default) for the report, `ci` (BENCH_SIZE=ci) to assert
 * the invariants in CI in well under three minutes. Any figure can be overridden by its env name.
 */
export type BenchSize = 'full' | 'ci';

export const benchSize = (): BenchSize => (process.env.BENCH_SIZE === 'ci' ? 'ci' : 'full');

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
};

export const sizes = () => {
  const ci = benchSize() === 'ci';
  return {
    size: benchSize(),
    chaos: {
      posts: number('BENCH_CHAOS_POSTS', ci ? 20 : 200),
      rate: number('BENCH_CHAOS_RATE', 0.1),
      seed: number('BENCH_CHAOS_SEED', 20261204),
      /** Bound on the whole run: a post not out by then counts as lost. */
      deadlineMs: number('BENCH_CHAOS_DEADLINE_MS', ci ? 60_000 : 900_000),
    },
    outage: {
      posts: number('BENCH_OUTAGE_POSTS', ci ? 12 : 60),
      outageMs: number('BENCH_OUTAGE_MS', ci ? 5_000 : 15_000),
      /** An admin request during the outage must answer within this. */
      answerBoundMs: number('BENCH_OUTAGE_ANSWER_BOUND_MS', 10_000),
      deadlineMs: number('BENCH_OUTAGE_DEADLINE_MS', ci ? 60_000 : 300_000),
    },
    slow: {
      latencyMs: number('BENCH_SLOW_LATENCY_MS', 5_000),
      slowMs: number('BENCH_SLOW_MS', ci ? 10_000 : 60_000),
      /** One round (an editor publish and the admin list reads) every this many ms. */
      roundMs: number('BENCH_SLOW_ROUND_MS', 500),
    },
  };
};
