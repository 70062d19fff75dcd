/**
 * npm run bench:publish — in one run, against the sandbox:
 *
 * 1. Editor publish latency of a mapped type with auto-publish on, against the same type unmapped
 *    (ratio of medians; target ≤ 1.05; the p95 ratio beside it), measured on the editor's real
 *    path, the Content Manager's publish route over HTTP, where both arms are transactional. The
 *    Document Service figure (on arm in the plugin's transaction, off arm in none) is kept beside
 *    it, labelled so. Both paths and both arms are interleaved (publish/latency.ts), with bootstrap
 *    95% intervals. BENCH_GC=1 forces a full GC before each sample: that measures a cold publish.
 * 2. Time from publish to `published` with the sandbox's container processing at 2 s, minus those
 *    2 s (median; target ≤ 1 s), with the worker's default polling.
 * 3. Graph calls per image post against the minimum: quota, create, status, publish, permalink.
 * Every post is checked sent exactly once and none lost; a violation fails the run, timings never do.
 *
 * `npm run bench:publish` runs it on SQLite (results `publish-sqlite`) then on PostgreSQL
 * (BENCH_DATABASE=postgres, `publish-postgres`). BENCH_SIZE=ci runs a few samples in seconds.
 * Tune with BENCH_LATENCY_SAMPLES (default 200 per arm and path) and BENCH_POSTS (default 10).
 */
import type { Core } from '@strapi/strapi';
import { compileTestApp } from '../integration/harness/strapi';
import { ARTICLE, baseMapping, createArticle, jpeg, listPublications, publishArticle, publishCalls, seedConnection, setWorkerConfig, settled, startPublishingApp, waitFor } from '../integration/publishing/helpers';
import { startSandbox } from '../sandbox';
import { runMain } from '../integration/harness/run-main';
import { createPostgresDatabase } from '../integration/harness/postgres';
import { createContentManagerPublisher } from './publish/content-manager';
import { drained, measureLatency, type Path } from './publish/latency';
import { atMost, createResults, equals, setting, shown } from './results';
import { median, quantile, ratioInterval, round } from './stats';

const SAMPLES = setting('BENCH_LATENCY_SAMPLES', 200, 6);
const WARM_UP = setting('BENCH_WARM_UP', 48, 8);
const POSTS = setting('BENCH_POSTS', 10, 2);
const CALL_POSTS = setting('BENCH_CALL_POSTS', 5, 2);
const FORCE_GC = process.env.BENCH_GC === '1';
/** `postgres` runs the same figures on PostgreSQL (Strapi's usual production database) instead of SQLite. */
const DATABASE = process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const PROCESSING_MS = 2_000;
const MINIMUM_CALLS = 5;
const RATIO_TARGET = 1.05;

const mappings = (strapi: Core.Strapi) => strapi.plugin('instagram-publisher').service('mappings') as any;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const main = async () => {
  const results = createResults(`publish-${DATABASE}`, { database: DATABASE, latencySamplesPerArm: SAMPLES, warmUp: WARM_UP, forceGc: FORCE_GC, timedPosts: POSTS, callPosts: CALL_POSTS, processingMs: PROCESSING_MS });
  await compileTestApp();
  // A quota and a container limit the run cannot exhaust (it makes far more than Meta's 400
  // containers a day): deferral is tested elsewhere, here every post must go out.
  const sandbox = await startSandbox({ containerProcessingMs: 0, quotaTotal: 100_000, containerLimitPerDay: 100_000 });
  // Default worker settings, except a quota read per post so every post pays the full minimum.
  const postgres = DATABASE === 'postgres' ? await createPostgresDatabase() : null;
  const app = await startPublishingApp(sandbox, {
    worker: { pollInitialImageMs: 1_000, pollFactor: 1.5, pollMaxMs: 60_000, retryBaseMs: 5_000, retryMaxMs: 900_000, scanIntervalMs: 30_000, leaseMs: 120_000, quotaCacheMs: 0 },
    app: { env: { STRAPI_LOG_LEVEL: 'error', ...postgres?.env } },
  });
  const { strapi } = app;
  const contentManager = await createContentManagerPublisher(strapi, app.app.url!);
  try {
    const connection = await seedConnection(strapi, sandbox);
    const cover = await jpeg(strapi, 1080, 1080);
    const mapped = { [ARTICLE]: baseMapping({ connectionId: connection.id, autoPublish: true }) };

    // ---- 1. editor publish latency, both paths, both arms --------------------------------------
    // The worker polls fast here only so the drain between samples stays short.
    setWorkerConfig(strapi, { pollInitialImageMs: 50 });
    sandbox.clearCalls();
    const { samples, counts } = await measureLatency({
      strapi,
      coverId: cover.id,
      samplesPerArm: SAMPLES,
      warmUp: WARM_UP,
      forceGc: FORCE_GC,
      setMapped: (on) => mappings(strapi).replaceAll(on ? mapped : {}),
      contentManager,
    });
    const latencyPublishCalls = publishCalls(sandbox).length;

    // ---- 2. publish → published with 2 s of processing -------------------------------------
    setWorkerConfig(strapi, { pollInitialImageMs: 1_000 });
    await mappings(strapi).replaceAll(mapped);
    sandbox.set({ containerProcessingMs: PROCESSING_MS });
    sandbox.clearCalls();
    const overheads: number[] = [];
    for (let index = 0; index < POSTS; index += 1) {
      const article = await createArticle(strapi, { title: `End to end ${index}`, cover: cover.id });
      const started = Date.now();
      await publishArticle(strapi, article.documentId);
      const [row] = await waitFor(
        async () => {
          const rows = await listPublications(strapi, { documentId: article.documentId });
          return rows[0]?.status === 'published' ? rows : null;
        },
        { timeoutMs: 60_000, intervalMs: 10, what: 'the post' },
      );
      overheads.push(row.publishedAt.getTime() - started - PROCESSING_MS);
      await drained(strapi);
    }
    const endToEndPublishCalls = publishCalls(sandbox).length;

    // ---- 3. Graph calls per image post -------------------------------------------------------
    sandbox.set({ containerProcessingMs: 500 });
    const perPost: number[] = [];
    for (let index = 0; index < CALL_POSTS; index += 1) {
      const article = await createArticle(strapi, { title: `Calls ${index}`, cover: cover.id });
      sandbox.clearCalls();
      await publishArticle(strapi, article.documentId);
      await settled(strapi, article.documentId, { timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      perPost.push(sandbox.calls.length);
    }
    const calls = sandbox.calls.map((call) => `${call.method} ${call.path.replace(/\d{6,}/g, '{id}')}`);

    // ---- figures ---------------------------------------------------------------------------------
    const label: Record<Path, string> = { contentManager: 'editor publish, Content Manager route (HTTP)', documentService: 'editor publish, Document Service' };
    const why: Record<Path, string> = {
      contentManager: 'the editor\'s real path; both arms transactional',
      documentService: 'not like with like: the on arm runs in the plugin\'s transaction, the off arm in none; the target applies to the Content Manager figure',
    };
    for (const path of ['contentManager', 'documentService'] as Path[]) {
      const { on, off } = samples[path];
      const [low, high] = ratioInterval(on, off);
      const [p95Low, p95High] = ratioInterval(on, off, 0.95);
      const medianRatio = median(on) / median(off);
      const p95Ratio = quantile(on, 0.95) / quantile(off, 0.95);
      const interval = `95% interval ${low.toFixed(3)}–${high.toFixed(3)}; ${why[path]}`;
      results.add(
        shown(`${label[path]}: plugin on, median`, round(median(on), 2), 'ms'),
        shown(`${label[path]}: plugin off, median`, round(median(off), 2), 'ms'),
        path === 'contentManager'
          ? atMost(`${label[path]}: ratio on/off of medians`, round(medianRatio), 'ratio', RATIO_TARGET, interval)
          : shown(`${label[path]}: ratio on/off of medians`, round(medianRatio), 'ratio', interval),
        shown(`${label[path]}: plugin on, p95`, round(quantile(on, 0.95), 2), 'ms'),
        shown(`${label[path]}: plugin off, p95`, round(quantile(off, 0.95), 2), 'ms'),
        shown(`${label[path]}: ratio on/off of p95s`, round(p95Ratio), 'ratio', `95% interval ${p95Low.toFixed(3)}–${p95High.toFixed(3)}`),
      );
    }
    const overhead = median(overheads);
    const callsPerPost = median(perPost);
    results.add(
      atMost(`publish → published minus ${PROCESSING_MS} ms processing (median of ${POSTS})`, round(overhead, 1), 'ms', 1_000),
      equals(`Graph calls per image post (median of ${CALL_POSTS})`, callsPerPost, 'calls', MINIMUM_CALLS, 'the minimum: quota, create, status, publish, permalink'),
    );
    // Exactly once, none lost: every mapped publish queued one post that went out once; no unmapped one queued any.
    results.invariant('posts queued by mapped publishes (latency runs)', counts.onQueued, counts.onPublishes);
    results.invariant('posts published from mapped publishes (latency runs)', counts.onPosted, counts.onPublishes);
    results.invariant('media_publish calls (latency runs)', latencyPublishCalls, counts.onPublishes, 'calls');
    results.invariant('posts queued by unmapped publishes', counts.offQueued, 0);
    results.invariant('media_publish calls (publish → published runs)', endToEndPublishCalls, POSTS, 'calls');

    process.stdout.write(`\nbench:publish on ${DATABASE === 'postgres' ? 'PostgreSQL' : 'SQLite'} (${SAMPLES} latency samples per arm and path${FORCE_GC ? ', full GC before each' : ''}, ${POSTS} timed posts)\n`);
    const width = Math.max(...results.figures.map((figure) => figure.name.length));
    for (const figure of results.figures) {
      const verdict = figure.target ? `target ${figure.target}: ${figure.pass ? 'met' : 'MISSED'}` : '';
      process.stdout.write(`  ${figure.name.padEnd(width)}  ${String(figure.value).padStart(9)} ${figure.unit.padEnd(6)} ${verdict}${figure.note ? ` (${figure.note})` : ''}\n`);
    }
    process.stdout.write(`  calls of the last post: ${calls.join(', ')}\n`);
    process.stdout.write(`  publish → published overheads: ${overheads.map((value) => ms(value)).join(', ')}\n`);
    results.finish();
  } finally {
    contentManager.close();
    await app.stop();
    await sandbox.close();
    await postgres?.drop();
  }
};

runMain(main);
