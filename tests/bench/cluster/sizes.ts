/**
 * Bench sizes: the full run (issue 13's figures) and BENCH_SIZE=ci, small enough for CI in well
 * under three minutes. CI checks the hard invariants only; timing ratios are information there.
 */
import { benchSize } from '../results';

export const BENCH_SIZE = benchSize();

export const SCALE_SIZES = {
  full: { instances: 3, accounts: 100, posts: 1_000 },
  ci: { instances: 3, accounts: 10, posts: 30 },
}[BENCH_SIZE];

export const KILL_SIZES = {
  full: { instances: 3, accounts: 60, kills: 20, postsPerKill: 30 },
  ci: { instances: 3, accounts: 10, kills: 1, postsPerKill: 30 },
}[BENCH_SIZE];

/** Meta's answers as the benches model them: every call takes 100 ms, an image container 2 s to finish. */
export const SANDBOX_TIMING = { latencyMs: 100, containerProcessingMs: 2_000 };

/**
 * Cron jobs that would fire at a random moment of a run (insights every 5 minutes, the daily token
 * refresh) are kept out of it: the benches start the refresh themselves, at a known moment.
 */
export const QUIET_CRONS = { refresh: { cron: '0 0 1 1 *' }, insights: { enabled: false } };
