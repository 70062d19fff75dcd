/**
 * Database outage: PostgreSQL is stopped for `outageMs` while posts are going out from two Strapi
 * instances (this process and a worker process) on one database, then started again. The workers
 * must back off and resume by themselves (no restart), an admin request made during the outage
 * must answer an error within a bound instead of hanging, the background jobs must neither die
 * nor hang, and every post must still go out exactly once.
 */
import type { Core } from '@strapi/strapi';
import { FAST_WORKER, publishArticle } from '../../integration/publishing/helpers';
import { startSandbox } from '../../sandbox';
import { startFaultApp, type FaultApp } from './app';
import { allPublications, runTag, unsettled, sleep, waitSettled } from './common';
import { ledgerFigures, readLedger } from './ledger';
import { createOutageDatabase, ensurePostgresUp, postgresTarget, stopPostgres } from './postgres-control';
import type { Figure } from './results';
import type { sizes } from './sizes';
import { startWorkerChild, type WorkerChild } from './worker-child';

const WORKER = { ...FAST_WORKER, concurrency: 2, leaseMs: 30_000, scanIntervalMs: 1_000 };
const JOBS = ['instagram-publisher.refresh-tokens', 'instagram-publisher.sync-insights'];

interface Timed {
  status: number | 'no answer';
  ms: number;
  message: string;
}

/** One admin request, with a hard stop at `limitMs` so a hang shows as such instead of stalling the bench. */
const adminRequest = async (app: FaultApp, path: string, limitMs: number): Promise<Timed> => {
  const started = Date.now();
  try {
    const response = await fetch(`${app.url}${path}`, { headers: app.auth, signal: AbortSignal.timeout(limitMs) });
    const text = await response.text();
    let message = text.slice(0, 200);
    try {
      message = JSON.parse(text)?.error?.message ?? message;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, ms: Date.now() - started, message };
  } catch (error) {
    return { status: 'no answer', ms: Date.now() - started, message: error instanceof Error ? error.message : String(error) };
  }
};

/** Runs a background job now, as its cron would, and says how it ended within `limitMs`. */
const runJob = async (strapi: Core.Strapi, name: string, limitMs: number) => {
  const entry = strapi.cron.jobs.find((job) => job.name === name) as { job: { invoke(): unknown } } | undefined;
  if (!entry) return `${name}: not scheduled`;
  const started = Date.now();
  const outcome = await Promise.race([
    Promise.resolve()
      .then(() => entry.job.invoke())
      .then(() => 'settled', (error: unknown) => `threw ${error instanceof Error ? error.message : String(error)}`),
    sleep(limitMs).then(() => 'still running'),
  ]);
  return `${name.replace('instagram-publisher.', '')}: ${outcome} after ${Date.now() - started} ms`;
};

/** Counts the worker's own warnings about the lost database, to show it backed off rather than spun. */
const watchLogs = (strapi: Core.Strapi) => {
  const lines: Array<{ at: number; text: string }> = [];
  const log = strapi.log as unknown as Record<'warn' | 'error', (...args: unknown[]) => unknown>;
  for (const level of ['warn', 'error'] as const) {
    const original = log[level].bind(log);
    log[level] = (...args: unknown[]) => {
      lines.push({ at: Date.now(), text: String(args[0]) });
      return original(...args);
    };
  }
  return lines;
};

export const runOutage = async (size: ReturnType<typeof sizes>['outage'], log: (line: string) => void) => {
  if (!ensurePostgresUp()) throw new Error('PostgreSQL is not running before the outage bench');
  const target = postgresTarget();
  const database = await createOutageDatabase();
  const sandbox = await startSandbox({ containerProcessingMs: 1_500, latencyMs: 100, quotaTotal: 1_000_000, callLogLimit: 1_000_000 });
  let app: FaultApp | null = null;
  let other: WorkerChild | null = null;
  const instances = Number(process.env.BENCH_OUTAGE_INSTANCES ?? 2);
  try {
    app = await startFaultApp(sandbox, { env: database.env, worker: WORKER });
    if (instances > 1) other = await startWorkerChild({ ...database.env, INSTAGRAM_SANDBOX_URL: sandbox.url }, WORKER);
    const logLines = watchLogs(app.strapi);
    const unhandled: string[] = [];
    // Node ends a process on an unhandled rejection: one here would have taken this instance down.
    // Kept alive to finish the run, and told apart by where it came from: the plugin's code, or Strapi's.
    const strapiUnhandled: string[] = [];
    process.on('unhandledRejection', (reason) => {
      const stack = reason instanceof Error ? (reason.stack ?? String(reason)) : String(reason);
      (/dist\/server\/|server\/src\//.test(stack) ? unhandled : strapiUnhandled).push(String(reason).slice(0, 200));
      log(`  outage: unhandled rejection: ${stack}`);
    });

    const tag = runTag();
    const titles = new Map<string, string>();
    const drafts: string[] = [];
    for (let index = 0; index < size.posts; index += 1) {
      const title = `Outage ${String(index).padStart(4, '0')} ${tag}`;
      const { documentId } = await app.draft(title);
      titles.set(documentId, title);
      drafts.push(documentId);
    }
    sandbox.clearCalls();
    const started = Date.now();
    for (const documentId of drafts) await publishArticle(app.strapi, documentId);
    // Strapi emits each publish's entry event after the commit, in a promise nobody awaits: let those
    // finish, so the outage meets the worker rather than an editor's publish (see the figure below).
    await sleep(2_000);
    // Mid-run: a third of the posts out, the rest queued or on their way.
    while (sandbox.listMedia(app.connection.instagramUserId).length < Math.ceil(size.posts / 3) && Date.now() < started + size.deadlineMs) await sleep(100);
    const outBefore = sandbox.listMedia(app.connection.instagramUserId).length;

    log(`  outage: stopping PostgreSQL ${target.version}/${target.cluster} for ${size.outageMs / 1000} s (${outBefore}/${size.posts} posts out)`);
    const downAt = Date.now();
    const outage = stopPostgres(size.outageMs + 60_000);
    const during: Record<string, Timed> = {};
    const jobs: string[] = [];
    try {
      await sleep(Math.min(1_000, size.outageMs / 4));
      // The admin's list, a plugin route and one of Strapi's own, each while the database is gone.
      during.publications = await adminRequest(app, '/instagram-publisher/publications?page=1&pageSize=20', size.answerBoundMs + 20_000);
      during.entries = await adminRequest(app, '/content-manager/collection-types/api::article.article?page=1&pageSize=10', size.answerBoundMs + 20_000);
      for (const name of JOBS) jobs.push(await runJob(app.strapi, name, size.answerBoundMs));
      await sleep(Math.max(0, downAt + size.outageMs - Date.now()));
    } finally {
      outage.start();
    }
    const upAt = Date.now();
    log(`  outage: PostgreSQL back after ${((upAt - downAt) / 1000).toFixed(1)} s`);

    // A run that had posted but lost the database before handing its lease back leaves a lease on a
    // published row: reported below, but the post is out, so it does not keep the run from settling.
    const { rows, settled } = await waitSettled(app.strapi, size.posts, upAt + size.deadlineMs, undefined, { leasesMatter: false });
    await sleep(1_000);
    const stale = (await allPublications(app.strapi)).filter((row) => row.status === 'published' && (row as { leaseOwner?: string | null }).leaseOwner).length;
    const lastOut = Math.max(...sandbox.listMedia(app.connection.instagramUserId).map((media) => media.timestamp));
    const firstOutAfter = Math.min(...sandbox.listMedia(app.connection.instagramUserId).map((media) => media.timestamp).filter((at) => at >= upAt));
    const ledger = readLedger(sandbox, app.connection.instagramUserId, rows, (documentId) => titles.get(documentId) ?? '');
    const failedReads = logLines.filter((line) => line.at >= downAt && line.at <= upAt + 1_000 && /could not read the queue/.test(line.text)).length;
    const otherReads = other ? (other.output().match(/could not read the queue/g) ?? []).length : 0;
    const otherAlive = other ? other.exited() === null : true;
    // Each instance's worker posted under its own public URL: both must have posted after the outage.
    const hostsAfter = new Set(
      sandbox
        .findCalls({ method: 'POST', path: /\/media$/ })
        .filter((call) => call.at >= upAt)
        .map((call) => new URL(String((call.body as Record<string, unknown>).image_url)).port),
    );
    const answered = (timed: Timed) => timed.status !== 'no answer' && timed.ms <= size.answerBoundMs;

    const figures: Figure[] = [
      ...ledgerFigures(ledger, size.posts),
      { name: 'run settled within its bound after the outage', value: settled, unit: '', target: `≤ ${size.deadlineMs / 1000} s`, pass: settled, invariant: true, note: settled ? undefined : `not settled: ${unsettled(rows)}` },
      ...Object.entries(during).map(([route, timed]) => ({
        name: `admin GET ${route} during the outage: answered in`,
        value: timed.ms,
        unit: 'ms',
        target: `an answer ≤ ${size.answerBoundMs} ms`,
        pass: answered(timed),
        invariant: true,
        note: `HTTP ${timed.status}: ${timed.message}`,
      })),
      { name: 'background jobs run during the outage', value: jobs.filter((job) => !/still running/.test(job)).length, unit: `of ${jobs.length} ended`, target: `= ${jobs.length}`, pass: jobs.every((job) => !/still running/.test(job)), invariant: true, note: jobs.join('; ') },
      { name: 'instances alive after the outage (no restart)', value: 1 + (other ? (otherAlive ? 1 : 0) : 0), unit: `of ${instances}`, target: `= ${instances}`, pass: otherAlive && unhandled.length === 0, invariant: true, note: unhandled.length ? `unhandled rejections from the plugin: ${unhandled.slice(0, 3).join('; ')}` : 'no unhandled rejection from the plugin' },
      {
        name: 'unhandled rejections raised in Strapi core',
        value: strapiUnhandled.length,
        unit: 'rejections',
        note: strapiUnhandled.length
          ? `not the plugin's code (Strapi 5.54 document-service/events.ts emits entry events on commit without a catch); Node would end the process: ${strapiUnhandled[0]}`
          : 'none',
      },
      { name: 'instances posting again after the outage', value: hostsAfter.size, unit: `of ${instances}`, note: 'media URLs of containers made after PostgreSQL came back' },
      { name: 'failed queue reads while the database was down', value: failedReads + otherReads, unit: 'reads', note: `this instance ${failedReads}, the other ${otherReads}, over ${(size.outageMs / 1000).toFixed(0)} s: a backoff, not a spin` },
      { name: 'published rows left holding a lease', value: stale, unit: 'posts', note: 'their run lost the database after posting: the post is out, its link read may have been cut off' },
      { name: 'PostgreSQL back → first post out', value: Number.isFinite(firstOutAfter) ? firstOutAfter - upAt : 'none', unit: 'ms' },
      { name: 'PostgreSQL back → last post out', value: lastOut - upAt, unit: 'ms', note: `${size.posts - outBefore} posts were left when it stopped` },
    ];
    return {
      config: { posts: size.posts, outageMs: size.outageMs, answerBoundMs: size.answerBoundMs, postgres: target, instances, worker: WORKER, containerProcessingMs: 1_500, sandboxLatencyMs: 100 },
      figures,
    };
  } finally {
    ensurePostgresUp();
    await other?.stop().catch(() => undefined);
    await app?.stop().catch(() => undefined);
    await sandbox.close();
    await database.drop().catch(() => undefined);
  }
};
