/**
 * Meta chaos: a share of the sandbox's Graph answers are faults drawn from a seeded PRNG (transient
 * errors, -1/2207001, bare 502s, no answer or a reset after the call took effect, throttling with
 * usage headers over the line), while N entries are published. Every post must go out exactly once,
 * and no call may reach Meta while the rate governor promised to hold back.
 */
import { publishArticle } from '../../integration/publishing/helpers';
import { startSandbox } from '../../sandbox';
import { startFaultApp } from './app';
import { allPublications, runTag, unsettled, waitSettled } from './common';
import { ledgerFigures, readLedger } from './ledger';
import type { Figure } from './results';
import type { sizes } from './sizes';
import { replayThrottles, type ClientPause } from './throttle-replay';
import type { Core } from '@strapi/strapi';
import http from 'node:http';

const RATE_LIMITS = { pauseAbove: 95, pauseWindowMs: 2_000, maxPauseMs: 8_000 };
const REQUEST_TIMEOUT_MS = 2_000;
const WORKER = { concurrency: 4, retryBaseMs: 200, retryMaxMs: 2_000, pollInitialImageMs: 200, pollMaxMs: 1_000, scanIntervalMs: 500, leaseMs: 30_000 };
const CONTAINER_PROCESSING_MS = 300;
/** A call that reached the sandbox this soon after the client logged its pause had been sent before. */
const TOLERANCE_MS = 20;

/**
 * The governor's pauses as the client took them: its "pausing calls of ..." warnings, timed when
 * they are logged (the governor logs as it decides, before any further call of that scope).
 */
/** When the client handed each Graph request to its HTTP agent: the moment it was sent, on the client's clock. */
const captureSends = (sandboxUrl: string) => {
  const sends: Array<{ at: number; method: string; path: string }> = [];
  const port = new URL(sandboxUrl).port;
  const proto = http.Agent.prototype as unknown as { addRequest: (req: http.ClientRequest, options: { port?: number | string }) => void };
  const original = proto.addRequest;
  proto.addRequest = function (this: http.Agent, req, options) {
    if (String(options.port) === port && req.path.includes('/ig-graph/')) sends.push({ at: Date.now(), method: req.method, path: req.path.replace(/^\/ig-graph\/v[\d.]+/, '').replace(/\?.*$/, '') });
    return original.call(this, req, options);
  };
  return { sends, restore: () => (proto.addRequest = original) };
};

/** Sends inside a pause the client had taken (every call of this run shares the app and the one account, so every pause holds every call). */
const SEND_TOLERANCE_MS = 5;
const sentWhilePaused = (sends: Array<{ at: number; method: string; path: string }>, pauses: ClientPause[]) => {
  const violations: string[] = [];
  let inFlight = 0;
  for (const send of sends) {
    const inside = pauses.find((pause) => send.at > pause.at && send.at < pause.at + pause.ms);
    if (!inside) continue;
    if (send.at - inside.at <= SEND_TOLERANCE_MS) inFlight += 1;
    else violations.push(`${send.method} ${send.path} sent ${send.at - inside.at} ms into a ${inside.ms} ms pause`);
  }
  const gaps: number[] = [];
  const slacks: number[] = [];
  for (const pause of pauses) {
    const next = sends.find((send) => send.at > pause.at + SEND_TOLERANCE_MS);
    if (!next) continue;
    gaps.push(next.at - pause.at);
    slacks.push(next.at - pause.at - pause.ms);
  }
  return { violations, inFlight, minGapMs: gaps.length ? Math.min(...gaps) : null, minSlackMs: slacks.length ? Math.min(...slacks) : null };
};

const capturePauses = (strapi: Core.Strapi): ClientPause[] => {
  const pauses: ClientPause[] = [];
  const log = strapi.log as unknown as { warn: (...args: unknown[]) => unknown };
  const warn = log.warn.bind(log);
  log.warn = (...args: unknown[]) => {
    const match = /rate limit: pausing calls of (app:|account:|one connection)\S* for ([\d.]+) s/.exec(String(args[0]));
    if (match) pauses.push({ at: Date.now(), scope: match[1] === 'app:' ? 'app' : 'account', ms: Number(match[2]) * 1000 });
    return warn(...args);
  };
  return pauses;
};

export const runChaos = async (size: ReturnType<typeof sizes>['chaos'], log: (line: string) => void) => {
  const sandbox = await startSandbox({ containerProcessingMs: CONTAINER_PROCESSING_MS, quotaTotal: 1_000_000, callLogLimit: 1_000_000 });
  const app = await startFaultApp(sandbox, { worker: WORKER, plugin: { requestTimeoutMs: REQUEST_TIMEOUT_MS, rateLimits: RATE_LIMITS } });
  try {
    const tag = runTag();
    const titles = new Map<string, string>();
    const drafts: string[] = [];
    for (let index = 0; index < size.posts; index += 1) {
      const title = `Chaos ${String(index).padStart(4, '0')} ${tag}`;
      const { documentId } = await app.draft(title);
      titles.set(documentId, title);
      drafts.push(documentId);
    }
    const clientPauses = capturePauses(app.strapi);
    const clientSends = captureSends(sandbox.url);
    sandbox.clearCalls();
    const chaos = sandbox.chaos({ seed: size.seed, rate: size.rate, match: { api: 'instagramGraph' } });
    const started = Date.now();
    for (const documentId of drafts) await publishArticle(app.strapi, documentId);
    let lastReport = Date.now();
    const { settled } = await waitSettled(app.strapi, size.posts, started + size.deadlineMs, (rows) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      log(`  chaos: ${rows.filter((row) => row.status === 'published').length}/${size.posts} published after ${Math.round((Date.now() - started) / 1000)} s, ${chaos.hits} faults so far`);
    });
    const elapsedMs = Date.now() - started;
    chaos.remove();

    const rows = await allPublications(app.strapi);
    const ledger = readLedger(sandbox, app.connection.instagramUserId, rows, (documentId) => titles.get(documentId) ?? '');
    const graphCalls = sandbox.findCalls({ api: 'instagramGraph' });
    const held = sentWhilePaused(clientSends.sends, clientPauses);
    clientSends.restore();
    const replay = replayThrottles(graphCalls, { ...RATE_LIMITS, throttleUsage: 100, toleranceMs: TOLERANCE_MS }, clientPauses);
    if (process.env.BENCH_FAULTS_DUMP) {
      const calls = graphCalls.map(({ seq, at, durationMs, method, path, status, fault, token }) => ({ seq, at, end: at + durationMs, method, path, status, fault, token: token?.slice(-6) }));
      require('node:fs').writeFileSync(process.env.BENCH_FAULTS_DUMP, JSON.stringify({ calls, clientPauses, sends: clientSends.sends }, null, 1));
    }
    const failed = rows.filter((row) => row.status !== 'published').map((row) => `${row.id}: ${row.status} ${JSON.stringify((row as { error?: unknown }).error ?? null)}`);
    if (failed.length) log(`  chaos: not published:\n    ${failed.slice(0, 20).join('\n    ')}`);

    const figures: Figure[] = [
      ...ledgerFigures(ledger, size.posts),
      { name: 'run settled within its bound', value: settled, unit: '', target: `≤ ${size.deadlineMs / 1000} s`, pass: settled, invariant: true, note: settled ? undefined : `not settled: ${unsettled(rows)}` },
      {
        name: 'Graph calls sent while the governor held a pause',
        value: held.violations.length,
        unit: 'calls',
        target: '= 0',
        pass: held.violations.length === 0,
        invariant: true,
        note: `client clock; ${held.inFlight} more left within ${SEND_TOLERANCE_MS} ms of the pause starting (already on their way)${held.violations.length ? `; ${held.violations.slice(0, 3).join('; ')}` : ''}`,
      },
      {
        name: 'first call after a pause, minus the pause promised',
        value: held.minSlackMs ?? 'n/a',
        unit: 'ms (min)',
        target: '≥ 0',
        pass: held.minSlackMs === null ? undefined : held.minSlackMs >= 0,
        note: `${clientPauses.length} pauses taken for ${replay.throttles} throttling answers; shortest gap ${held.minGapMs ?? '-'} ms, each promised ≥ ${RATE_LIMITS.pauseWindowMs} ms`,
      },
      { name: 'throttling answers the client took no pause for', value: replay.unheeded, unit: 'answers', target: '= 0', pass: replay.unheeded === 0, invariant: true },
      {
        name: 'calls reaching the sandbox inside a pause (sandbox clock)',
        value: replay.violations,
        unit: 'calls',
        note: `not an invariant: the sandbox shares the loaded event loop, so arrivals lag sends; the client read throttling answers up to ${replay.maxReadLagMs ?? '-'} ms after they left`,
      },
      { name: 'Graph calls', value: graphCalls.length, unit: 'calls', note: `${(graphCalls.length / size.posts).toFixed(1)} per post` },
      { name: 'faults injected', value: chaos.hits, unit: 'calls', note: `${((100 * chaos.hits) / Math.max(1, graphCalls.length)).toFixed(1)} % of calls: ${Object.entries(chaos.drawn).map(([kind, n]) => `${kind} ${n}`).join(', ')}` },
      { name: 'time to settle every post', value: Math.round(elapsedMs / 100) / 10, unit: 's', note: `${((size.posts / elapsedMs) * 60_000).toFixed(1)} posts/min (machine shared)` },
    ];
    return {
      config: { posts: size.posts, faultRate: size.rate, seed: size.seed, requestTimeoutMs: REQUEST_TIMEOUT_MS, rateLimits: RATE_LIMITS, worker: WORKER, containerProcessingMs: CONTAINER_PROCESSING_MS, database: 'sqlite', instances: 1 },
      figures,
    };
  } finally {
    await app.stop().catch(() => undefined);
    await sandbox.close();
  }
};
