/**
 * npm run bench / npm run bench:ci — every benchmark one after the other, then the report.
 *
 * The benches are npm scripts; those of other parts of the project (scale, faults) run when
 * package.json has them at run time, so this file never needs to know they exist. `--ci` runs each
 * bench's small configuration: its `:ci` script when it has one, else the script with BENCH_SIZE=ci.
 * A bench that fails does not stop the others, and the report is written anyway, marking it
 * failed; the run exits non-zero when any bench failed. The plugin is built once up front
 * (BENCH_PREBUILT tells the scripts so) rather than once per bench.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './results';
import { writeReport, type RunManifest, type ScriptRun, MANIFEST_FILE } from './report';

const ROOT = path.join(__dirname, '..', '..');
const CI = process.argv.includes('--ci');
/** In order; the first four always exist, the others only once their part of the project is merged. */
const BENCHES = ['refresh', 'publish', 'end-users', 'insights', 'scale', 'faults:kill', 'faults'];
const OWN = new Set(['refresh', 'publish', 'end-users', 'insights']);
/** A small configuration runs in seconds: past this it is hung, not slow. */
const CI_TIMEOUT_MS = Number(process.env.BENCH_CI_TIMEOUT_MS ?? 600_000);

const scriptsInPackage = (): Record<string, string> => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};

/** Which npm script to run for each bench, and with which extra environment. */
const plan = () => {
  const scripts = scriptsInPackage();
  const runs: Array<{ script: string; env: Record<string, string> }> = [];
  for (const bench of BENCHES) {
    const full = `bench:${bench}`;
    if (!CI) {
      if (scripts[full]) runs.push({ script: full, env: {} });
    } else if (scripts[`${full}:ci`]) {
      runs.push({ script: `${full}:ci`, env: { BENCH_SIZE: 'ci' } });
    } else if (OWN.has(bench) && scripts[full]) {
      // Our own benches read BENCH_SIZE; a foreign one without a `:ci` script has no small configuration to run.
      runs.push({ script: full, env: { BENCH_SIZE: 'ci' } });
    }
  }
  return runs;
};

const resultFiles = () =>
  new Map(
    (fs.existsSync(RESULTS_DIR) ? fs.readdirSync(RESULTS_DIR) : [])
      .filter((name) => name.endsWith('.json') && !name.startsWith('_'))
      .map((name) => [name.replace(/\.json$/, ''), fs.statSync(path.join(RESULTS_DIR, name)).mtimeMs] as const),
  );

/** The running bench's process group: an interrupted run stops it too rather than leaving it behind. */
let current: number | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current) try { process.kill(-current, 'SIGKILL'); } catch { /* already gone */ }
    process.exit(130);
  });
}

/** Runs one npm script in its own process group, its output both shown and kept in a log. */
const runScript = (script: string, env: Record<string, string>, log: string, timeoutMs: number | null) =>
  new Promise<{ exitCode: number | null; signal: string | null; timedOut: boolean }>((resolve) => {
    const out = fs.createWriteStream(log);
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child.pid ?? null;
    child.stdout.on('data', (chunk: Buffer) => (process.stdout.write(chunk), out.write(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (process.stderr.write(chunk), out.write(chunk)));
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          // The whole group: npm, the shell and the bench's node (and the sandbox it started).
          try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
        }, timeoutMs)
      : null;
    child.on('close', (exitCode, signal) => {
      current = null;
      if (timer) clearTimeout(timer);
      out.end(() => resolve({ exitCode, signal, timedOut }));
    });
  });

const main = async () => {
  fs.mkdirSync(path.join(RESULTS_DIR, 'logs'), { recursive: true });
  const startedAt = new Date();
  const manifest: RunManifest = { mode: CI ? 'ci' : 'full', startedAt: startedAt.toISOString(), finishedAt: null, scripts: [] };
  const save = () => fs.writeFileSync(path.join(RESULTS_DIR, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  save();

  process.stdout.write(`\n== build the plugin once\n`);
  const build = await runScript('build', {}, path.join(RESULTS_DIR, 'logs', 'build.log'), null);
  const built = build.exitCode === 0;
  if (!built) process.stderr.write('the build failed: every bench is marked failed\n');

  for (const { script, env } of plan()) {
    const log = path.join(RESULTS_DIR, 'logs', `${script.replace(/:/g, '-')}.log`);
    const before = resultFiles();
    const started = Date.now();
    const entry: ScriptRun = { script, env, exitCode: null, signal: null, timedOut: false, durationMs: 0, log: path.relative(ROOT, log), resultsWritten: [] };
    if (built) {
      process.stdout.write(`\n== ${script}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}\n`);
      Object.assign(entry, await runScript(script, { ...env, BENCH_PREBUILT: '1' }, log, CI ? CI_TIMEOUT_MS : null));
    } else {
      entry.exitCode = -1;
    }
    entry.durationMs = Date.now() - started;
    entry.resultsWritten = [...resultFiles()].filter(([name, mtime]) => mtime !== before.get(name) && mtime >= started).map(([name]) => name);
    manifest.scripts.push(entry);
    save();
    process.stdout.write(`== ${script}: ${entry.exitCode === 0 ? 'done' : entry.timedOut ? 'TIMED OUT' : 'FAILED'} in ${(entry.durationMs / 1000).toFixed(1)} s\n`);
  }
  manifest.finishedAt = new Date().toISOString();
  save();

  const file = writeReport();
  process.stdout.write(`\nbench report: ${file}\n`);
  const failed = manifest.scripts.filter((entry) => entry.exitCode !== 0);
  process.stdout.write(`${manifest.scripts.length} bench scripts in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.map((entry) => entry.script).join(', ')}` : ''}\n`);
  process.exit(failed.length > 0 || !built ? 1 : 0);
};

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
