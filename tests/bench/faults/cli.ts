/**
 * npm run bench:faults [-- chaos outage slow] — the fault benches of issue 13, each in its own
 * process, one after the other (all three when none is named):
 *   chaos   10 % of Meta's answers are seeded faults while posts go out: none lost, none twice, throttling honoured;
 *   outage  PostgreSQL stopped mid-run and started again: workers resume, the admin answers an error in bounded time;
 *   slow    Meta's latency raised to 5 s for a minute: admin reads and the editor's publish keep their speed.
 * BENCH_SIZE=ci runs the small sizes (tests/bench/faults/sizes.ts). Exits non-zero when an invariant
 * was violated in any mode, or a mode crashed; timing ratios are reported, never fatal.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePostgresUp } from './postgres-control';

// The test app loads the plugin from dist/: without a build it would silently run without it.
if (!fs.existsSync(path.join(__dirname, '..', '..', '..', 'dist', 'server', 'index.js'))) {
  process.stderr.write('bench:faults needs the built plugin: run `npm run build` first\n');
  process.exit(2);
}

const MODES = ['chaos', 'outage', 'slow'];
const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = asked.filter((mode) => !MODES.includes(mode));
if (unknown.length) {
  process.stderr.write(`unknown mode(s) ${unknown.join(', ')}: use ${MODES.join(', ')}\n`);
  process.exit(2);
}
const modes = asked.length ? asked : MODES;
const outcomes: string[] = [];
let failed = false;
for (const mode of modes) {
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'run-mode.ts'), mode], { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const verdict = child.status === 0 ? 'ok' : child.status === 1 ? 'INVARIANT VIOLATED' : `CRASHED (${child.status ?? child.signal})`;
  if (child.status !== 0) failed = true;
  // Whatever became of the mode, PostgreSQL is left running.
  if (mode === 'outage' && !ensurePostgresUp()) {
    failed = true;
    outcomes.push('  PostgreSQL could not be started again after the outage mode');
  }
  outcomes.push(`  ${mode.padEnd(7)} ${verdict} (${seconds} s)`);
}
process.stdout.write(`\nbench:faults\n${outcomes.join('\n')}\n`);
process.exit(failed ? 1 : 0);
