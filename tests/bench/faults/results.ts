/**
 * The results protocol every bench shares: one JSON file per bench run under tests/bench/.results,
 * `{ bench, startedAt, finishedAt, config, figures: [{ name, value, unit, target?, pass?, note? }] }`,
 * and the same figures printed for a person.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Figure {
  name: string;
  value: number | string | boolean | null;
  unit: string;
  target?: string;
  pass?: boolean;
  note?: string;
  /** An invariant (nothing lost, nothing twice, an answer within a bound): a failed one fails the run. Timing ratios never are. */
  invariant?: boolean;
}

export interface BenchResult {
  bench: string;
  startedAt: string;
  finishedAt: string;
  config: Record<string, unknown>;
  figures: Figure[];
}

export const RESULTS_DIR = path.resolve(__dirname, '..', '.results');

/** Writes tests/bench/.results/<bench>.json (the `invariant` flag stays out of the file: it is this runner's concern). */
export const writeResult = (result: BenchResult): string => {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.bench}.json`);
  const figures = result.figures.map(({ invariant: _invariant, ...figure }) => figure);
  fs.writeFileSync(file, `${JSON.stringify({ ...result, figures }, null, 2)}\n`);
  return file;
};

const show = (value: Figure['value']) => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : String(value));

/** A readable table of the figures, with the verdict of each one that has a target. */
export const summary = (result: BenchResult): string => {
  const rows = result.figures.map((figure) => [
    figure.name,
    `${show(figure.value)} ${figure.unit}`.trim(),
    figure.target ? `${figure.target}: ${figure.pass === undefined ? '-' : figure.pass ? 'met' : figure.invariant ? 'VIOLATED' : 'missed'}` : '',
    figure.note ?? '',
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padStart(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`.trimEnd());
  return [`\n${result.bench} (${result.startedAt} → ${result.finishedAt})`, ...lines, ''].join('\n');
};

/** The invariants that failed. */
export const violations = (result: BenchResult): Figure[] => result.figures.filter((figure) => figure.invariant && figure.pass === false);
