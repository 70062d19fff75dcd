/**
 * npm run bench:faults:kill — kill -9 during publishing. Three instances on one PostgreSQL
 * database publish waves of posts; after each wave is queued, a seeded random instance is killed
 * with SIGKILL at a seeded random moment (then as soon as it holds a lease, within 5 s) and started
 * again, 20 times (BENCH_SIZE=ci: once). No shutdown hook runs, so its leases stay until they
 * expire and another worker claims the posts.
 *
 * Hard invariants (the run exits non-zero when one fails): nothing lost, nothing posted twice,
 * nothing stuck. Reported: the longest time a post waited after its instance died. BENCH_SEED
 * replays a schedule (the seed is printed); the settle wait is bounded.
 */
import { runMain } from '../integration/harness/run-main';
import { startCluster } from './cluster/cluster';
import { watchOrphans } from './cluster/orphans';
import { heldBy, openPublicationReader, type PublicationReader } from './cluster/publications';
import { BENCH_SIZE, KILL_SIZES, QUIET_CRONS, SANDBOX_TIMING } from './cluster/sizes';
import { assignAccounts, checkInvariants, connectAccounts, invariantFigures, waitForSettled } from './cluster/workload';
import type { QueuedPost } from './cluster/instance-commands';
import { type Figure } from './results';
import { reportClusterRun } from './cluster/report';
import { percentile, seededRandom } from './stats';

const BENCH = BENCH_SIZE === 'ci' ? 'faults-kill-ci' : 'faults-kill';
/** Short leases so a dead instance's posts come back within seconds (the default is 2 minutes). */
const WORKER = { leaseMs: 5_000, scanIntervalMs: 2_000 };
const SETTLE_TIMEOUT_MS = 180_000;
/** After the seeded moment, how long to wait for the victim to hold a lease (a kill of an idle instance tests nothing). */
const HOLDING_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `pid` holds at least one lease, or after `timeoutMs`: whether it does. */
const untilHolding = async (reader: PublicationReader, pid: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (heldBy(await reader.rows(), pid).length > 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
};

/**
 * The kill schedule, from the seed alone: which instance, and how long after its wave was queued
 * (after one scan interval at least: the instances that did not queue the wave find it at their scan).
 */
const killSchedule = (seed: number, kills: number, instances: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: kills }, () => ({ victim: Math.floor(random() * instances), afterMs: Math.round(WORKER.scanIntervalMs + random() * 3_000) }));
};

const main = async () => {
  const startedAt = new Date().toISOString();
  const { instances, accounts: accountCount, kills, postsPerKill } = KILL_SIZES;
  const seed = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const schedule = killSchedule(seed, kills, instances);
  process.stdout.write(`${BENCH}: seed ${seed} (BENCH_SEED=${seed} replays it); schedule ${schedule.map((kill) => `#${kill.victim}@${kill.afterMs}ms`).join(' ')}\n`);
  const cluster = await startCluster({ instances, sandbox: { ...SANDBOX_TIMING, quotaTotal: 50 }, pluginConfig: { worker: WORKER, ...QUIET_CRONS } });
  const reader = await openPublicationReader(cluster.database.name);
  let failed = false;
  try {
    const accounts = await connectAccounts(cluster, accountCount, { issuedDaysAgo: 1, expiresInDays: 59 });
    const entries = await cluster.instances[0].request('prepareEntries', { count: kills * postsPerKill, titlePrefix: 'Kill' });
    await cluster.sandbox.send({ clearCalls: true });
    const watcher = watchOrphans(reader);
    const queued: QueuedPost[] = [];
    const held: Array<{ inFlight: number; published: number }> = [];
    const restarts: number[] = [];
    const runStarted = Date.now();
    for (const [index, kill] of schedule.entries()) {
      const wave = entries.slice(index * postsPerKill, (index + 1) * postsPerKill);
      // Queued through an instance that stays up, so the kill never interrupts the queueing itself.
      const queuer = cluster.instances[(kill.victim + 1) % instances];
      queued.push(...(await queuer.request('queuePosts', { posts: assignAccounts(wave, accounts, index * postsPerKill) })));
      await sleep(kill.afterMs);
      const victim = cluster.instances[kill.victim];
      const pid = victim.pid!;
      await untilHolding(reader, pid, HOLDING_WAIT_MS);
      await victim.kill9();
      held.push(await watcher.killed(pid, Date.now()));
      const restarting = Date.now();
      await victim.restart();
      restarts.push(Date.now() - restarting);
      process.stdout.write(`  kill ${index + 1}/${kills}: instance ${kill.victim} (pid ${pid}) held ${held.at(-1)!.inFlight} post(s) in flight, ${held.at(-1)!.published} published one(s) finishing; back in ${((Date.now() - restarting) / 1000).toFixed(1)} s\n`);
    }
    const { rows, settled } = await waitForSettled(reader, queued.length, SETTLE_TIMEOUT_MS);
    const wallMs = Date.now() - runStarted;
    const orphans = await watcher.stop();
    const titles = new Map(entries.map((entry) => [entry.documentId, entry.title]));
    const invariants = await checkInvariants(cluster, accounts, queued.map((post) => ({ ...post, title: titles.get(post.documentId)! })), rows);
    const waits = orphans.filter((orphan) => orphan.resumedAt !== null).map((orphan) => orphan.resumedAt! - orphan.killedAt);
    const neverResumed = orphans.length - waits.length;
    const bound = WORKER.leaseMs + WORKER.scanIntervalMs;
    const longest = waits.length ? Math.max(...waits) : 0;
    const figures: Figure[] = [
      ...invariantFigures(invariants),
      { name: 'kills (SIGKILL, then restart)', value: kills, unit: 'kills', note: `seed ${seed}` },
      { name: 'in-flight posts leased by an instance when it was killed', value: orphans.length, unit: 'posts', note: `per kill: ${held.map((kill) => kill.inFlight).join(', ')}` },
      { name: 'published posts leased by an instance when it was killed', value: held.reduce((sum, kill) => sum + kill.published, 0), unit: 'posts', note: 'killed during the permalink read / first comment' },
      { name: 'in-flight posts never taken over', value: neverResumed, unit: 'posts', target: '= 0', pass: neverResumed === 0 },
      { name: 'longest wait of a post after its instance died', value: longest / 1000, unit: 's', target: `≤ lease + scan interval = ${bound / 1000} s`, pass: longest <= bound, note: waits.length ? `p50 ${(percentile(waits, 50) / 1000).toFixed(1)} s over ${waits.length} posts` : 'no post was leased at the kill moments' },
      { name: 'restart to listening (median)', value: percentile(restarts, 50) / 1000, unit: 's' },
      { name: 'run wall time (first wave → all settled)', value: wallMs / 1000, unit: 's', note: settled ? undefined : `not settled ${SETTLE_TIMEOUT_MS / 1000} s after the last restart` },
    ];
    failed = !invariants.ok || neverResumed > 0;
    reportClusterRun({
      bench: BENCH,
      title: `bench:${BENCH} — ${instances} instances, ${accountCount} accounts, ${queued.length} posts in ${kills} waves, one kill -9 per wave (lease ${WORKER.leaseMs} ms, scan ${WORKER.scanIntervalMs} ms)`,
      startedAt,
      config: { seed, schedule, instances, accounts: accountCount, posts: queued.length, kills, worker: WORKER, sandbox: SANDBOX_TIMING, database: 'PostgreSQL' },
      figures,
      failed,
      holds: 'nothing lost, nothing posted twice, nothing stuck',
    });
  } finally {
    await reader.close();
    await cluster.stop();
  }
  if (failed) throw new Error(`${BENCH}: a hard invariant was violated`);
};

runMain(main);
