/**
 * npm run bench:report — one markdown report (bench-report.md at the repository root, overwritten)
 * from every results file in tests/bench/.results: the machine, the date, the git commit, each
 * bench's config and figures beside their targets with pass/fail marks, which benches failed, and
 * which result files are missing or stale (older than the run's start). `npm run bench` and
 * `npm run bench:ci` (run.ts) write it after the benches; run alone, it reports the files as they are.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR, type BenchResults, type Figure } from './results';

const ROOT = path.join(__dirname, '..', '..');
export const REPORT_FILE = path.join(ROOT, 'bench-report.md');
export const MANIFEST_FILE = '_run.json';

export interface ScriptRun {
  script: string;
  env: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  log: string;
  resultsWritten: string[];
}

export interface RunManifest {
  mode: 'full' | 'ci';
  startedAt: string;
  finishedAt: string | null;
  scripts: ScriptRun[];
}

/** The result files our own scripts write; other scripts are judged by whether they wrote any. */
const EXPECTED: Record<string, string[]> = {
  'bench:refresh': ['refresh'],
  'bench:publish': ['publish-sqlite', 'publish-postgres'],
  'bench:end-users': ['end-users'],
  'bench:insights': ['insights'],
};

const readJson = <T>(file: string): T | null => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
};

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

const osName = () => {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    /* not Linux */
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
};

/** Table cells: a pipe or a newline would break the row. */
const cell = (value: unknown) => String(value ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

const isInvariant = (figure: Figure) => figure.note?.startsWith('invariant') ?? false;
/** Small CI configurations judge invariants only: a missed timing there is shown, never failed. */
const mark = (figure: Figure, ci: boolean) =>
  figure.pass === undefined ? '' : figure.pass ? '✅ pass' : ci && !isInvariant(figure) ? '⚠️ missed (small config, timing not judged)' : '❌ FAIL';

const configLine = (config: Record<string, unknown>) =>
  Object.entries(config)
    .map(([key, value]) => `\`${key}\`=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');

/** Builds the markdown from the results directory; exported for the runner and for tests of the format. */
export const buildReport = (resultsDir = RESULTS_DIR) => {
  const manifest = readJson<RunManifest>(path.join(resultsDir, MANIFEST_FILE));
  const names = (fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir) : []).filter((name) => name.endsWith('.json') && !name.startsWith('_')).sort();
  const results = names.map((name) => ({ name: name.replace(/\.json$/, ''), data: readJson<BenchResults>(path.join(resultsDir, name)) }));
  const runStart = manifest ? Date.parse(manifest.startedAt) : null;
  const isStale = (data: BenchResults | null) => runStart !== null && (!data || Date.parse(data.finishedAt) < runStart);

  const commit = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain');
  const cpus = os.cpus();
  const lines: string[] = [];
  const push = (...added: string[]) => lines.push(...added);

  push('# Benchmark report', '');
  push(`- **Date:** ${new Date().toISOString()}`);
  if (manifest) {
    const duration = manifest.finishedAt ? ` in ${((Date.parse(manifest.finishedAt) - Date.parse(manifest.startedAt)) / 1000).toFixed(0)} s` : '';
    push(`- **Run:** \`npm run ${manifest.mode === 'ci' ? 'bench:ci' : 'bench'}\` (${manifest.mode === 'ci' ? 'small CI configurations: invariants count, timings are only shown' : 'full configurations'}), started ${manifest.startedAt}${duration}`);
  } else {
    push('- **Run:** none recorded (no run manifest): the result files as they are, none judged stale');
  }
  push(`- **Commit:** ${commit ?? 'unknown'}${dirty === null ? '' : dirty ? ' (dirty: uncommitted changes)' : ' (clean)'}`);
  push(`- **Machine:** ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${osName()}, Node ${process.version}`);
  push('');

  // Verdict first: what a reader looks for.
  const fresh = results.filter(({ data }) => data && !isStale(data));
  const ci = manifest?.mode === 'ci';
  const all = fresh.flatMap(({ name, data }) => data!.figures.map((figure) => ({ name, figure })));
  const judged = all.filter(({ figure }) => figure.pass !== undefined && (!ci || isInvariant(figure)));
  const missed = judged.filter(({ figure }) => figure.pass === false).map(({ name, figure }) => `${name}: ${figure.name}`);
  const invariants = all.filter(({ figure }) => isInvariant(figure));
  const failedScripts = manifest?.scripts.filter((entry) => entry.exitCode !== 0) ?? [];
  push('## Summary', '');
  push(`- ${judged.length - missed.length} of ${judged.length} ${ci ? 'invariants (small configurations: timings shown, not judged)' : 'figures with a target'} met${missed.length ? `; missed: ${missed.map((item) => `**${item}**`).join('; ')}` : ''}`);
  if (!ci) push(`- of which invariants (exactly once, none lost): ${invariants.filter(({ figure }) => figure.pass).length} of ${invariants.length} held`);
  if (manifest) push(`- ${manifest.scripts.length - failedScripts.length} of ${manifest.scripts.length} bench scripts succeeded${failedScripts.length ? `; **failed: ${failedScripts.map((entry) => entry.script).join(', ')}**` : ''}`);

  // Missing: a file our scripts should have written and did not, or a script that wrote none.
  const missing: string[] = [];
  for (const entry of manifest?.scripts ?? []) {
    const base = entry.script.replace(/:ci$/, '');
    for (const expected of EXPECTED[base] ?? []) if (!entry.resultsWritten.includes(expected)) missing.push(`${expected} (from ${entry.script})`);
    if (!EXPECTED[base] && entry.resultsWritten.length === 0) missing.push(`any results file from ${entry.script}`);
  }
  const stale = results.filter(({ data }) => isStale(data)).map(({ name, data }) => `${name} (finished ${data?.finishedAt ?? 'unreadable'})`);
  push(`- Missing results: ${missing.length ? missing.join(', ') : 'none'}`);
  push(`- Stale results (older than this run's start, not reported below): ${stale.length ? stale.join(', ') : 'none'}`, '');

  if (manifest) {
    push('## Bench scripts', '', '| script | outcome | time | results written | log |', '|---|---|---|---|---|');
    for (const entry of manifest.scripts) {
      const outcome = entry.exitCode === 0 ? '✅ done' : entry.timedOut ? '❌ timed out' : entry.exitCode === -1 ? '❌ not run (build failed)' : `❌ failed (exit ${entry.exitCode ?? entry.signal})`;
      push(`| \`${entry.script}\`${Object.keys(entry.env).length ? ` ${Object.entries(entry.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''} | ${outcome} | ${(entry.durationMs / 1000).toFixed(1)} s | ${entry.resultsWritten.join(', ') || '—'} | ${entry.log} |`);
    }
    push('');
  }

  for (const { name, data } of fresh) {
    const bench = data!;
    const seconds = ((Date.parse(bench.finishedAt) - Date.parse(bench.startedAt)) / 1000).toFixed(1);
    push(`## ${bench.bench ?? name}`, '');
    push(`${bench.startedAt} → ${bench.finishedAt} (${seconds} s). Config: ${configLine(bench.config ?? {})}`, '');
    push('| figure | value | target | pass | note |', '|---|---:|---|---|---|');
    for (const figure of bench.figures) push(`| ${cell(figure.name)} | ${cell(figure.value)} ${cell(figure.unit)} | ${cell(figure.target ?? '—')} | ${mark(figure, ci)} | ${cell(figure.note)} |`);
    push('');
  }
  if (results.some(({ data }) => !data)) push(`Unreadable result files: ${results.filter(({ data }) => !data).map(({ name }) => name).join(', ')}`, '');
  return `${lines.join('\n')}\n`;
};

export const writeReport = () => {
  fs.writeFileSync(REPORT_FILE, buildReport());
  return REPORT_FILE;
};

if (require.main === module) process.stdout.write(`bench report: ${writeReport()}\n`);
