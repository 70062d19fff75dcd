/**
 * Slow Meta: the sandbox answers every Graph call after `latencyMs` (5 s) for `slowMs` (a minute),
 * while an editor keeps publishing entries through the Content Manager's HTTP publish route and the
 * admin keeps reading its lists. Both are timed the same way during the spell and around it (half
 * the baseline before, half after), in one run: the ratios say whether a slow Meta leaks into the
 * editor's or the admin's requests (it must not: posting is the worker's business, in the background).
 */
import { ARTICLE } from '../../integration/publishing/helpers';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startFaultApp, type FaultApp } from './app';
import { allPublications, median, percentile, runTag, sleep, waitSettled } from './common';
import type { Figure } from './results';
import type { sizes } from './sizes';

const WORKER = { concurrency: 4 };
const LIST_ROUTES = {
  publications: '/instagram-publisher/publications?page=1&pageSize=20',
  connections: '/instagram-publisher/connections',
  entries: `/content-manager/collection-types/${ARTICLE}?page=1&pageSize=10`,
};
type Route = keyof typeof LIST_ROUTES | 'publish';

interface Samples {
  publish: number[];
  publications: number[];
  connections: number[];
  entries: number[];
  errors: string[];
}

const timed = async (run: () => Promise<Response>, errors: string[], what: string): Promise<number | null> => {
  const started = process.hrtime.bigint();
  const response = await run();
  await response.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok) {
    errors.push(`${what}: HTTP ${response.status}`);
    return null;
  }
  return ms;
};

/** Rounds of one editor publish and the three list reads, one round every `roundMs`, for `durationMs`. */
const phase = async (app: FaultApp, name: string, durationMs: number, roundMs: number, tag: string): Promise<Samples> => {
  const samples: Samples = { publish: [], publications: [], connections: [], entries: [], errors: [] };
  const headers = { ...app.auth, 'content-type': 'application/json' };
  const end = Date.now() + durationMs;
  for (let round = 0; Date.now() < end; round += 1) {
    const roundStart = Date.now();
    const { documentId } = await app.draft(`Slow ${name} ${round} ${tag}`);
    const publish = await timed(
      () => fetch(`${app.url}/content-manager/collection-types/${ARTICLE}/${documentId}/actions/publish`, { method: 'POST', headers, body: '{}' }),
      samples.errors,
      'publish',
    );
    if (publish !== null) samples.publish.push(publish);
    for (const [route, path] of Object.entries(LIST_ROUTES) as Array<[keyof typeof LIST_ROUTES, string]>) {
      const ms = await timed(() => fetch(`${app.url}${path}`, { headers }), samples.errors, route);
      if (ms !== null) samples[route].push(ms);
    }
    await sleep(Math.max(0, roundMs - (Date.now() - roundStart)));
  }
  return samples;
};

const ratioFigure = (route: Route, before: number[], during: number[], halves: string): Figure => {
  const ratio = median(during) / median(before);
  return {
    name: route === 'publish' ? 'editor publish (Content Manager HTTP), slow / usual' : `admin GET ${route}, slow / usual`,
    value: Math.round(ratio * 1000) / 1000,
    unit: 'ratio of medians',
    target: '≤ 1.25',
    pass: ratio <= 1.25,
    note: `median ${median(before).toFixed(1)} → ${median(during).toFixed(1)} ms (baseline ${halves}), p95 ${percentile(before, 95).toFixed(1)} → ${percentile(during, 95).toFixed(1)} ms, n = ${before.length}/${during.length}`,
  };
};

export const runSlow = async (size: ReturnType<typeof sizes>['slow'], log: (line: string) => void) => {
  const sandbox: Sandbox = await startSandbox({ containerProcessingMs: 500, quotaTotal: 1_000_000, callLogLimit: 1_000_000 });
  const app = await startFaultApp(sandbox, { worker: WORKER });
  try {
    const tag = runTag();
    // Warm-up, unrecorded: the first publishes run while V8 still compiles Strapi's paths.
    await phase(app, 'warm-up', Math.min(5_000, size.slowMs), size.roundMs, tag);
    // The baseline brackets the spell (half before it, half after it, once the backlog is out), so
    // the drift of a run (tables growing, the JIT warming) weighs on both sides alike.
    log(`  slow: ${size.slowMs / 2000} s at Meta's usual speed`);
    const before = await phase(app, 'before', size.slowMs / 2, size.roundMs, tag);
    log(`  slow: Meta answers after ${size.latencyMs} ms for ${size.slowMs / 1000} s`);
    sandbox.set({ latencyMs: size.latencyMs });
    const slowCallsFrom = sandbox.calls.length;
    const during = await phase(app, 'during', size.slowMs, size.roundMs, tag);
    const slowCalls = sandbox.calls.slice(slowCallsFrom).filter((call) => call.api === 'instagramGraph').length;
    sandbox.set({ latencyMs: 0 });
    // The posts queued during the spell go out once Meta is fast again, before the second half of the baseline.
    const backlog = (await allPublications(app.strapi)).length;
    const drained = await waitSettled(app.strapi, backlog, Date.now() + 120_000);
    log(`  slow: backlog out; ${size.slowMs / 2000} s more at Meta's usual speed`);
    const after = await phase(app, 'after', size.slowMs / 2, size.roundMs, tag);
    const baseline: Samples = {
      publish: [...before.publish, ...after.publish],
      publications: [...before.publications, ...after.publications],
      connections: [...before.connections, ...after.connections],
      entries: [...before.entries, ...after.entries],
      errors: [...before.errors, ...after.errors],
    };
    const expected = (await allPublications(app.strapi)).length;
    const { rows, settled } = await waitSettled(app.strapi, expected, Date.now() + 120_000);
    const published = rows.filter((row) => row.status === 'published').length;
    const halves = (route: Route) => `before ${median(before[route]).toFixed(1)} ms, after ${median(after[route]).toFixed(1)} ms`;

    const figures: Figure[] = [
      ratioFigure('publish', baseline.publish, during.publish, halves('publish')),
      ...(['publications', 'connections', 'entries'] as const).map((route) => ratioFigure(route, baseline[route], during[route], halves(route))),
      {
        name: 'admin and editor requests that failed',
        value: baseline.errors.length + during.errors.length,
        unit: 'requests',
        target: '= 0',
        pass: baseline.errors.length + during.errors.length === 0,
        invariant: true,
        note: [...baseline.errors, ...during.errors].slice(0, 5).join('; '),
      },
      { name: 'Graph calls answered slowly during the spell', value: slowCalls, unit: 'calls', note: `each after ≥ ${size.latencyMs} ms` },
      { name: 'backlog out after the spell', value: drained.settled, unit: '', note: `${backlog} publications by then` },
      { name: 'posts published once Meta was fast again', value: published, unit: 'posts', target: `= ${expected}`, pass: settled && published === expected, note: 'every post queued before, during and after the spell' },
    ];
    return {
      config: { latencyMs: size.latencyMs, slowMs: size.slowMs, baselineMs: { before: size.slowMs / 2, after: size.slowMs / 2 }, roundMs: size.roundMs, worker: WORKER, listRoutes: LIST_ROUTES, database: 'sqlite', instances: 1 },
      figures,
    };
  } finally {
    await app.stop().catch(() => undefined);
    await sandbox.close();
  }
};
