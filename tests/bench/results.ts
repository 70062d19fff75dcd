/**
 * The one results protocol every bench follows: `tests/bench/.results/<bench>.json` =
 * { bench, startedAt, finishedAt, config, figures: [{ name, value, unit, target?, pass?, note? }] }.
 * tests/bench/report.ts reads these files; a bench only measures and writes them.
 */
import fs from 'node:fs';
import path from 'node:path';

export const RESULTS_DIR = path.join(__dirname, '.results');

export interface Figure {
  name: string;
  value: number | string | boolean | null;
  unit: string;
  /** The target as a reader would write it (`≤ 1.05`, `= 5`); absent when the project states none. */
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

/** Writes tests/bench/.results/<bench>.json (the directory is made if missing); returns its path. */
export const writeResults = (results: Omit<BenchResults, 'finishedAt'> & { finishedAt?: string }, dir = RESULTS_DIR): string => {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.bench}.json`);
  const full: BenchResults = { ...results, finishedAt: results.finishedAt ?? new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
};

const shownValue = (figure: Figure) => {
  const value = typeof figure.value === 'number' ? String(Number.isInteger(figure.value) ? figure.value : Number(figure.value.toFixed(3))) : String(figure.value);
  return figure.unit ? `${value} ${figure.unit}` : value;
};

/**
 * The figures as aligned lines for a person: name, value and unit, then the target and whether it
 * was met (`VIOLATED` for a broken invariant, `MISSED` for a missed timing).
 */
export const formatSummary = (title: string, figures: Figure[], notes: string[] = [], isInvariant: (figure: Figure) => boolean = () => false) => {
  const width = Math.max(0, ...figures.map((figure) => figure.name.length));
  const lines = [`\n${title}`];
  for (const figure of figures) {
    const verdict = figure.target ? `  target ${figure.target}: ${figure.pass === undefined ? '-' : figure.pass ? 'met' : isInvariant(figure) ? 'VIOLATED' : 'MISSED'}` : '';
    lines.push(`  ${figure.name.padEnd(width)}  ${shownValue(figure).padStart(14)}${verdict}${figure.note ? `  (${figure.note})` : ''}`);
  }
  for (const note of notes) lines.push(`  ${note}`);
  return `${lines.join('\n')}\n`;
};

export const printSummary = (title: string, figures: Figure[], notes: string[] = []) => process.stdout.write(`${formatSummary(title, figures, notes)}\n`);

/**
 * `BENCH_SIZE=ci` asks every bench for its small configuration: a few posts or accounts, seconds
 * each, where the invariants (exactly once, none lost) are what counts and timings are only shown.
 */
export const benchSize = (): 'ci' | 'full' => (process.env.BENCH_SIZE === 'ci' ? 'ci' : 'full');

/** A number from the environment, else the size's default. */
export const setting = (name: string, full: number, ci: number) => {
  const given = process.env[name];
  return given === undefined || given === '' ? (benchSize() === 'ci' ? ci : full) : Number(given);
};

/** Figures with a target: the helpers compute `pass` so no bench spells the comparison twice. */
export const atMost = (name: string, value: number, unit: string, limit: number, note?: string): Figure => ({
  name, value, unit, target: `≤ ${limit}`, pass: value <= limit, ...(note ? { note } : {}),
});
export const below = (name: string, value: number, unit: string, limit: number, note?: string): Figure => ({
  name, value, unit, target: `< ${limit}`, pass: value < limit, ...(note ? { note } : {}),
});
export const equals = (name: string, value: number, unit: string, expected: number, note?: string): Figure => ({
  name, value, unit, target: `= ${expected}`, pass: value === expected, ...(note ? { note } : {}),
});
export const atLeast = (name: string, value: number, unit: string, limit: number, note?: string): Figure => ({
  name, value, unit, target: `≥ ${limit}`, pass: value >= limit, ...(note ? { note } : {}),
});
export const shown = (name: string, value: number, unit: string, note?: string): Figure => ({ name, value, unit, ...(note ? { note } : {}) });

/** Collects one bench's figures and invariant checks, then writes its file. */
export const createResults = (bench: string, config: Record<string, unknown>, dir = RESULTS_DIR) => {
  const startedAt = new Date().toISOString();
  const figures: Figure[] = [];
  const violations: string[] = [];
  return {
    figures,
    add(...added: Figure[]) {
      figures.push(...added);
    },
    /**
     * An invariant (every post sent exactly once, none lost): recorded as a figure and, when broken,
     * remembered so `finish` fails the run. Timings never go through here.
     */
    invariant(name: string, value: number, expected: number, unit = 'count') {
      figures.push(equals(name, value, unit, expected, 'invariant'));
      if (value !== expected) violations.push(`${name}: ${value}, expected ${expected}`);
    },
    /** Writes the file, then throws if an invariant was broken, so the bench exits non-zero. */
    finish() {
      const results: BenchResults = { bench, startedAt, finishedAt: new Date().toISOString(), config: { size: benchSize(), ...config }, figures };
      const file = writeResults(results, dir);
      process.stdout.write(`  results written to ${path.relative(process.cwd(), file)}\n`);
      if (violations.length > 0) throw new Error(`${bench}: invariant broken: ${violations.join('; ')}`);
    },
  };
};
