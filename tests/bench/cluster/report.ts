import { printSummary, writeResults, type Figure } from '../results';
import { BENCH_SIZE } from './sizes';

/**
 * The end of a cluster bench: its figures printed with the verdict on the hard invariants, and its
 * results file written. The caller throws after stopping the cluster when `failed`.
 */
export const reportClusterRun = (run: { bench: string; title: string; startedAt: string; config: Record<string, unknown>; figures: Figure[]; notes?: string[]; failed: boolean; holds: string }) => {
  printSummary(run.title, run.figures, [...(run.notes ?? []), run.failed ? 'HARD INVARIANT VIOLATED (see the figures above)' : `hard invariants hold: ${run.holds}`]);
  writeResults({ bench: run.bench, startedAt: run.startedAt, config: { size: BENCH_SIZE, ...run.config }, figures: run.figures });
};
