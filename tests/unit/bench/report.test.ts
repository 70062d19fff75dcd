import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport, MANIFEST_FILE, type RunManifest, type ScriptRun } from '../../bench/report';
import type { BenchResults, Figure } from '../../bench/results';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const resultsOf = (bench: string, figures: Figure[], finishedMinutesAgo = 1): BenchResults => ({
  bench,
  startedAt: minutesAgo(finishedMinutesAgo + 1),
  finishedAt: minutesAgo(finishedMinutesAgo),
  config: { size: 'full', samples: 200 },
  figures,
});

const scriptRun = (script: string, patch: Partial<ScriptRun> = {}): ScriptRun => ({
  script,
  env: {},
  exitCode: 0,
  signal: null,
  timedOut: false,
  durationMs: 12_000,
  log: `tests/bench/.results/logs/${script}.log`,
  resultsWritten: [],
  ...patch,
});

describe('bench report', () => {
  let dir: string;
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows each figure beside its target, the failed scripts, and the missing and stale files', () => {
    // Given a full run that started 10 minutes ago: refresh passed, publish wrote only SQLite and failed, end-users is from an older run
    const manifest: RunManifest = {
      mode: 'full',
      startedAt: minutesAgo(10),
      finishedAt: minutesAgo(0),
      scripts: [
        scriptRun('bench:refresh', { resultsWritten: ['refresh'] }),
        scriptRun('bench:publish', { exitCode: 1, resultsWritten: ['publish-sqlite'] }),
        scriptRun('bench:end-users', { exitCode: 1 }),
        scriptRun('bench:scale', { resultsWritten: [] }),
      ],
    };
    write(MANIFEST_FILE, manifest);
    write('refresh.json', resultsOf('refresh', [{ name: 'wall ÷ floor', value: 1.02, unit: 'ratio', target: '≤ 1.15', pass: true }]));
    write('publish-sqlite.json', resultsOf('publish-sqlite', [
      { name: 'ratio on/off | of medians', value: 1.2, unit: 'ratio', target: '≤ 1.05', pass: false },
      { name: 'posts queued', value: 3, unit: 'count', target: '= 3', pass: true, note: 'invariant' },
    ]));
    write('end-users.json', resultsOf('end-users', [{ name: 'ratio of medians', value: 1, unit: 'ratio', target: '≤ 1.1', pass: true }], 60));

    // When the report is built
    const report = buildReport(dir);

    // Then figures sit beside their targets with marks, pipes escaped
    expect(report).toContain('| wall ÷ floor | 1.02 ratio | ≤ 1.15 | ✅ pass |');
    expect(report).toContain('| ratio on/off \\| of medians | 1.2 ratio | ≤ 1.05 | ❌ FAIL |');
    expect(report).toContain('2 of 3 figures with a target met; missed: **publish-sqlite: ratio on/off | of medians**');
    expect(report).toContain('of which invariants (exactly once, none lost): 1 of 1 held');
    // And the failed scripts, the missing files and the stale one are named
    expect(report).toContain('2 of 4 bench scripts succeeded; **failed: bench:publish, bench:end-users**');
    expect(report).toContain('| `bench:publish` | ❌ failed (exit 1) |');
    expect(report).toMatch(/Missing results: publish-postgres \(from bench:publish\), end-users \(from bench:end-users\), any results file from bench:scale/);
    expect(report).toMatch(/Stale results \(older than this run's start, not reported below\): end-users \(finished /);
    expect(report).not.toContain('## end-users');
    // And the config, the machine and the commit are there
    expect(report).toContain('`size`=full, `samples`=200');
    expect(report).toMatch(/\*\*Machine:\*\* .+, \d+ cores, [\d.]+ GB RAM, .+, Node v\d+/);
    expect(report).toMatch(/\*\*Commit:\*\* ([0-9a-f]{40}|unknown)/);
  });

  it('judges only invariants in a CI run: a missed timing is shown, not failed', () => {
    // Given a CI run whose timing target was missed while its invariant held
    write(MANIFEST_FILE, { mode: 'ci', startedAt: minutesAgo(5), finishedAt: minutesAgo(0), scripts: [scriptRun('bench:insights', { env: { BENCH_SIZE: 'ci' }, resultsWritten: ['insights'] })] });
    write('insights.json', resultsOf('insights', [
      { name: 'wall ÷ floor', value: 6, unit: 'ratio', target: '≤ 1.2', pass: false },
      { name: 'posts read', value: 20, unit: 'count', target: '= 20', pass: true, note: 'invariant' },
    ]));

    // When the report is built
    const report = buildReport(dir);

    // Then the invariant counts and the timing is marked as not judged
    expect(report).toContain('1 of 1 invariants (small configurations: timings shown, not judged) met');
    expect(report).toContain('| wall ÷ floor | 6 ratio | ≤ 1.2 | ⚠️ missed (small config, timing not judged) |');
    expect(report).toContain('`npm run bench:ci`');
  });

  it('reports the files as they are when no run was recorded', () => {
    // Given a results file and no run manifest
    write('refresh.json', resultsOf('refresh', [{ name: 'RSS growth', value: 10, unit: 'MB', target: '< 150', pass: true }], 600));

    // When the report is built
    const report = buildReport(dir);

    // Then nothing is judged stale and the figure is shown
    expect(report).toContain('none recorded (no run manifest)');
    expect(report).toContain('Stale results (older than this run\'s start, not reported below): none');
    expect(report).toContain('| RSS growth | 10 MB | < 150 | ✅ pass |');
  });
});
