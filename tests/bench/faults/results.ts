/**
 * The fault benches' side of the shared results protocol (tests/bench/results.ts): their figures
 * may be invariants (nothing lost, nothing twice, an answer within a bound), and a broken one fails
 * the run; timing ratios never do. The flag stays out of the written file.
 */
import { formatSummary, writeResults, type BenchResults, type Figure as SharedFigure } from '../results';

export interface Figure extends SharedFigure {
  invariant?: boolean;
}

export interface BenchResult extends Omit<BenchResults, 'figures'> {
  figures: Figure[];
}

export const writeResult = (result: BenchResult): string => writeResults({ ...result, figures: result.figures.map(({ invariant: _invariant, ...figure }) => figure) });

/** A readable table of the figures, with the verdict of each one that has a target. */
export const summary = (result: BenchResult): string =>
  formatSummary(`${result.bench} (${result.startedAt} → ${result.finishedAt})`, result.figures, [], (figure: Figure) => Boolean(figure.invariant));

/** The invariants that failed. */
export const violations = (result: BenchResult): Figure[] => result.figures.filter((figure) => figure.invariant && figure.pass === false);
