/**
 * The results protocol every bench follows: one JSON file per bench under tests/bench/.results/
 * (read by the report), and a readable summary on stdout.
 *
 *   { bench, startedAt, finishedAt, config: {...}, figures: [{ name, value, unit, target?, pass?, note? }] }
 *
 * `pass` is only set on figures that have a target; a figure without one is information.
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
}

export interface BenchResults {
  bench: string;
  startedAt: string;
  finishedAt: string;
  config: Record<string, unknown>;
  figures: Figure[];
}

export const RESULTS_DIR = path.join(__dirname, '.results');

/** Writes tests/bench/.results/<bench>.json (the directory is made if missing); returns its path. */
export const writeResults = (results: Omit<BenchResults, 'finishedAt'> & { finishedAt?: string }) => {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${results.bench}.json`);
  const full: BenchResults = { ...results, finishedAt: results.finishedAt ?? new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
};

const shown = (figure: Figure) => {
  const value = typeof figure.value === 'number' ? String(Number.isInteger(figure.value) ? figure.value : Number(figure.value.toFixed(3))) : String(figure.value);
  return figure.unit ? `${value} ${figure.unit}` : value;
};

/** The figures as aligned lines: name, value and unit, then the target and whether it was met. */
export const printSummary = (title: string, figures: Figure[], notes: string[] = []) => {
  const width = Math.max(...figures.map((figure) => figure.name.length));
  const lines = [`\n${title}`];
  for (const figure of figures) {
    const verdict = figure.target ? `  target ${figure.target}: ${figure.pass ? 'met' : 'MISSED'}` : '';
    lines.push(`  ${figure.name.padEnd(width)}  ${shown(figure).padStart(14)}${verdict}${figure.note ? `  (${figure.note})` : ''}`);
  }
  for (const note of notes) lines.push(`  ${note}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
};
