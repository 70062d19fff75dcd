/**
 * npm run bench:scale — several Strapi instances on one PostgreSQL database, as a scaled-out
 * deployment runs them: 3 instances, 100 connected accounts, 1,000 posts queued at once, the
 * sandbox (in its own process) answering every call after 100 ms and finishing containers after 2 s.
 *
 * Figures: every post published exactly once and none lost (the sandbox's call log and media
 * against the database); wall time against the ideal at the cluster's total worker concurrency;
 * p50/p99 of due → live; a token refresh run started on all instances at once refreshing each
 * due token once; each instance's resident memory before and after.
 *
 * Entries are published through the Document Service on instance 0; each post is then scheduled
 * to its account with the publications service (the admin's "schedule", which names the account:
 * an auto-publish mapping posts every entry to one account), all for the same moment T, so the
 * 1,000 posts fall due at once on every instance. T leaves time to queue them and one default scan
 * interval (30 s), the longest an instance takes to notice work queued by another. Wall time and
 * latencies count from T. Workers run with the plugin's defaults.
 * BENCH_SIZE=ci runs a small cluster that checks the invariants only (npm run bench:scale:ci).
 */
import os from 'node:os';
import { runMain } from '../integration/harness/run-main';
import { startCluster } from './cluster/cluster';
import { openPublicationReader } from './cluster/publications';
import { BENCH_SIZE, QUIET_CRONS, SANDBOX_TIMING, SCALE_SIZES } from './cluster/sizes';
import { assignAccounts, checkInvariants, connectAccounts, invariantFigures, waitForSettled } from './cluster/workload';
import { WORKER_DEFAULTS } from '../../server/src/publishing/mapping-schema';
import { type Figure } from './results';
import { reportClusterRun } from './cluster/report';
import { percentile } from './stats';
import { idealWallTime, IDEAL_FORMULA } from './cluster/ideal';
import { refreshFromAllInstances } from './cluster/refresh';

const BENCH = BENCH_SIZE === 'ci' ? 'scale-ci' : 'scale';
/** Time budgeted per schedule call when picking T: about what one took with the machine loaded (45 ms). */
const QUEUE_ESTIMATE_MS = 60;
/** Tokens issued 40 days ago that expire in 5: inside the 15-day refresh window, so every one is due. */
const DUE_TOKENS = { issuedDaysAgo: 40, expiresInDays: 5 };

const main = async () => {
  const startedAt = new Date().toISOString();
  const { instances, accounts: accountCount, posts: postCount } = SCALE_SIZES;
  const concurrency = WORKER_DEFAULTS.concurrency;
  const cluster = await startCluster({ instances, sandbox: { ...SANDBOX_TIMING, quotaTotal: 50 }, pluginConfig: { worker: {}, ...QUIET_CRONS } });
  const reader = await openPublicationReader(cluster.database.name);
  let failed = false;
  try {
    const accounts = await connectAccounts(cluster, accountCount, DUE_TOKENS);
    const rssBefore = cluster.rssMiB();
    process.stdout.write(`${BENCH}: ${instances} instances up (RSS ${rssBefore.map((value) => value?.toFixed(0)).join(', ')} MiB); preparing ${postCount} entries\n`);
    const entries = await cluster.instances[0].request('prepareEntries', { count: postCount, titlePrefix: 'Scale' });
    await cluster.sandbox.send({ clearCalls: true });

    // ---- 1,000 posts at once ---------------------------------------------------------------
    const queueingStarted = Date.now();
    const dueAt = queueingStarted + WORKER_DEFAULTS.scanIntervalMs + postCount * QUEUE_ESTIMATE_MS;
    const queued = await cluster.instances[0].request('queuePosts', { posts: assignAccounts(entries, accounts), scheduledAt: dueAt });
    const queuedIn = Date.now() - queueingStarted;
    const overran = Date.now() + WORKER_DEFAULTS.scanIntervalMs > dueAt;
    // From here on the instances only publish (nothing is due before T).
    const cpuBefore = cluster.cpuSeconds();
    const { rows, settled } = await waitForSettled(reader, postCount, 15 * 60_000);
    const cpuMs = (cluster.cpuSeconds() - cpuBefore) * 1000;
    const titles = new Map(entries.map((entry) => [entry.documentId, entry.title]));
    const posts = queued.map((post) => ({ ...post, title: titles.get(post.documentId)! }));
    const invariants = await checkInvariants(cluster, accounts, posts, rows);
    const postedAt = new Map(rows.filter((row) => row.postedAt).map((row) => [row.documentId, row.postedAt!.getTime()]));
    const lastLive = Math.max(...postedAt.values());
    const wallMs = lastLive - dueAt;
    const latencies = posts.filter((post) => postedAt.has(post.documentId)).map((post) => postedAt.get(post.documentId)! - Math.max(dueAt, post.queuedAt));
    const { count: graphCalls } = await cluster.sandbox.send<{ count: number }>({ count: {} });
    const ideal = idealWallTime({ posts: postCount, instances, concurrency, ...SANDBOX_TIMING });

    // ---- token refresh on every instance at once ---------------------------------------------
    const refresh = await refreshFromAllInstances(cluster, accountCount);
    const rssAfter = cluster.rssMiB();

    const ratio = wallMs / ideal.idealMs;
    const figures: Figure[] = [
      ...invariantFigures(invariants),
      { name: 'wall time (posts due → last post live)', value: wallMs / 1000, unit: 's', note: settled ? undefined : 'the queue did not settle in 15 minutes' },
      { name: 'ideal wall time', value: ideal.idealMs / 1000, unit: 's', note: ideal.explanation },
      { name: 'wall time ÷ ideal', value: Number(ratio.toFixed(3)), unit: '', target: '≤ 1.2', pass: ratio <= 1.2, note: BENCH_SIZE === 'ci' ? 'information only at CI size' : undefined },
      { name: 'wall time ÷ (rounds × per-post floor)', value: Number((wallMs / ideal.roundsTimesFloorMs).toFixed(3)), unit: '', note: `ceil(${postCount}/${instances * concurrency}) × ${ideal.floorMs} ms = ${(ideal.roundsTimesFloorMs / 1000).toFixed(1)} s, a slot held for a post's whole life` },
      { name: 'due → live p50', value: percentile(latencies, 50) / 1000, unit: 's' },
      { name: 'due → live p99', value: percentile(latencies, 99) / 1000, unit: 's' },
      { name: 'queueing the posts took', value: queuedIn / 1000, unit: 's', note: `schedule calls on instance 0, 16 at a time, before T${overran ? '; OVERRAN T minus one scan interval: some instances may have joined late' : ''}` },
      { name: 'instances\' CPU time per post', value: Number((cpuMs / postCount).toFixed(1)), unit: 'ms', note: `${(cpuMs / 1000).toFixed(0)} CPU s over the instances while publishing; on ${os.cpus().length} cores that alone needs ≥ ${(cpuMs / 1000 / os.cpus().length).toFixed(0)} s, before PostgreSQL's and the sandbox's share` },
      { name: 'Graph calls per post', value: Number((graphCalls / postCount).toFixed(2)), unit: 'calls', note: `minimum ${ideal.callsPerPost}: quota, create, status, media_publish, permalink (the quota answer is cached per account and instance)` },
      ...refresh.figures,
      ...cluster.instances.map((instance, index) => ({ name: `instance ${index} RSS before → after`, value: rssAfter[index] === null ? null : Number(rssAfter[index]!.toFixed(0)), unit: 'MiB', note: `before ${rssBefore[index]?.toFixed(0)} MiB` })),
    ];
    failed = !invariants.ok || !refresh.ok;
    reportClusterRun({
      bench: BENCH,
      title: `bench:${BENCH} — ${instances} instances × ${concurrency} worker slots, ${accountCount} accounts, ${postCount} posts, sandbox ${SANDBOX_TIMING.latencyMs} ms per call, containers ready after ${SANDBOX_TIMING.containerProcessingMs} ms`,
      startedAt,
      config: { instances, workerConcurrency: concurrency, accounts: accountCount, posts: postCount, sandbox: SANDBOX_TIMING, worker: 'plugin defaults', database: 'PostgreSQL', idealFormula: IDEAL_FORMULA },
      figures,
      notes: [`ideal = ${IDEAL_FORMULA}`],
      failed,
      holds: 'every post published exactly once, none lost or stuck, each due token refreshed once',
    });
  } finally {
    await reader.close();
    await cluster.stop();
  }
  if (failed) throw new Error(`${BENCH}: a hard invariant was violated`);
};

runMain(main);
