/**
 * npm run bench:refresh — the token refresh job over N due Instagram Login connections of the
 * admin side and M of an app's own users (spread over U users), against the sandbox with a fixed
 * latency per call. Prints the wall time beside its floor (calls × latency ÷ concurrency), the calls
 * made, what was refreshed of each owner kind, the time spent in the store and the memory growth.
 * Tune with BENCH_CONNECTIONS, BENCH_USER_CONNECTIONS, BENCH_USERS, BENCH_LATENCY_MS, BENCH_CONCURRENCY.
 */
import { createTokenCipher } from '../../server/src/store/cipher';
import type { Store } from '../../server/src/store/types';
import { startSandboxProcess } from './sandbox-client';
import { compileTestApp, startTestApp } from '../integration/harness/strapi';
import { runMain } from '../integration/harness/run-main';
import { writeResults } from './results';

const ADMIN_COUNT = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const USER_COUNT = Number(process.env.BENCH_USER_CONNECTIONS ?? 10_000);
const USERS = Math.max(1, Number(process.env.BENCH_USERS ?? 5_000));
const COUNT = ADMIN_COUNT + USER_COUNT;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PLAYGROUND_KEY = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';
const DAY = 86_400_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const main = async () => {
  const benchStartedAt = new Date().toISOString();
  await compileTestApp();
  const sandbox = await startSandboxProcess();
  const app = await startTestApp({
    env: {
      INSTAGRAM_SANDBOX_URL: sandbox.url,
      INSTAGRAM_PUBLISHER_REFRESH_CONCURRENCY: String(CONCURRENCY),
      INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true',
      STRAPI_LOG_LEVEL: 'error',
      CAPTURE_LOGS: 'false',
    },
  });
  try {
    // Given N admin-side and M end users' connections whose real sandbox tokens are 50 days old and expire in 10 days
    const cipher = createTokenCipher([PLAYGROUND_KEY]);
    const now = Date.now();
    type SeededAccount = { userId: string; username: string; accessToken: string; expiresAt: number };
    const seed = async (count: number, prefix: string) =>
      count === 0 ? [] : (await sandbox.send<{ accounts: SeededAccount[] }>({ seed: { count, prefix, issuedDaysAgo: 50, expiresInDays: 10 } })).accounts;
    // Interleaved, so the job meets both kinds all along its expiry order, as it would in an app.
    const adminAccounts = (await seed(ADMIN_COUNT, 'bench')).map((account) => ({ account, owner: { ownerKind: 'admin', ownerKey: 'admin', userId: '1' } }));
    const userAccounts = (await seed(USER_COUNT, 'member')).map((account, i) => {
      const userId = String(1 + (i % USERS));
      return { account, owner: { ownerKind: 'user', ownerKey: `user:${userId}`, userId } };
    });
    const rows = [...adminAccounts, ...userAccounts].map(({ account, owner }) => ({
      ...owner,
      instagramUserId: account.userId,
      loginKind: 'instagram',
      accessToken: cipher.encrypt(account.accessToken),
      tokenIssuedAt: new Date(now - 50 * DAY),
      tokenExpiresAt: new Date(account.expiresAt),
      profile: { username: account.username },
      scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
      connectionStatus: 'active',
      isActive: true,
      connectedAt: new Date(now - 50 * DAY),
      lastSyncedAt: new Date(now),
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await app.strapi.db.query('plugin::instagram-publisher.connection' as any).createMany({ data: rows.slice(i, i + 500) });
    }

    // Time every store call the job makes (they overlap with network waits, not with each other on SQLite).
    const store = app.strapi.plugin('instagram-publisher').service('store').get() as Store;
    let storeMs = 0;
    const storeCalls = new Map<string, { calls: number; ms: number }>();
    for (const name of Object.keys(store.connections) as Array<keyof Store['connections']>) {
      const original = store.connections[name] as (...args: unknown[]) => Promise<unknown>;
      (store.connections as any)[name] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original.apply(store.connections, args);
        } finally {
          const ms = performance.now() - started;
          storeMs += ms;
          const entry = storeCalls.get(name) ?? { calls: 0, ms: 0 };
          storeCalls.set(name, { calls: entry.calls + 1, ms: entry.ms + ms });
        }
      };
    }

    await sandbox.send({ set: { latencyMs: LATENCY_MS } });
    await sandbox.send({ clearCalls: true });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const baselineHeap = process.memoryUsage().heapUsed;
    let peak = baseline;
    let peakHeap = baselineHeap;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 100);

    // When the job runs once
    const startedAt = new Date();
    const started = performance.now();
    const summary = await app.strapi.plugin('instagram-publisher').service('tokenRefresh').run();
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    global.gc?.();
    const retainedHeap = process.memoryUsage().heapUsed - baselineHeap;

    // Then report against the floor
    const { count: calls } = await sandbox.send<{ count: number }>({ count: {} });
    const { count: refreshCalls } = await sandbox.send<{ count: number }>({ count: { path: '/refresh_access_token' } });
    const floorMs = (calls * LATENCY_MS) / CONCURRENCY;
    const check = await store.connections.listDueForRefresh({ loginKind: 'instagram', expiresBefore: new Date(now + 15 * DAY), after: null, limit: 1 });
    const refreshedOf = (ownerKind: 'admin' | 'user') =>
      app.strapi.db.query('plugin::instagram-publisher.connection' as any).count({ where: { ownerKind, lastRefreshedAt: { $gte: startedAt } } });
    const [adminRefreshed, userRefreshed] = [await refreshedOf('admin'), await refreshedOf('user')];
    const lines = [
      `token refresh benchmark: ${COUNT} due Instagram Login connections (${ADMIN_COUNT} admin side, ${USER_COUNT} of ${Math.min(USERS, USER_COUNT)} end users), sandbox latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
      `  refreshed            ${summary.outcomes.refreshed} (failed ${summary.outcomes.failed}, reconnect ${summary.outcomes.reconnect_needed}); still due afterwards: ${check.length}`,
      `  by owner             admin side ${adminRefreshed}/${ADMIN_COUNT}, end users ${userRefreshed}/${USER_COUNT}`,
      `  Graph calls          ${calls} (${refreshCalls} refresh_access_token) = ${(calls / COUNT).toFixed(2)} per token`,
      `  wall time            ${(wallMs / 1000).toFixed(2)} s`,
      `  floor                ${(floorMs / 1000).toFixed(2)} s (calls × latency ÷ concurrency)`,
      `  wall ÷ floor         ${(wallMs / floorMs).toFixed(3)} (target ≤ 1.15)`,
      `  store time           ${(storeMs / 1000).toFixed(2)} s summed over ${COUNT} claims/updates (overlaps the network waits)`,
      `    by call            ${[...storeCalls].map(([name, { calls, ms }]) => `${name} ${calls}× ${(ms / 1000).toFixed(2)} s`).join(', ')}`,
      `  RSS                  ${mb(baseline)} before, ${mb(peak)} peak, growth ${mb(peak - baseline)} (target < 150 MB)`,
      `  JS heap              ${mb(baselineHeap)} before, ${mb(peakHeap)} peak, growth ${mb(peakHeap - baselineHeap)}, retained after GC ${mb(retainedHeap)}`,
      `  sequential estimate  ${((calls * LATENCY_MS) / 1000).toFixed(0)} s (one call at a time)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const growthMb = (peak - baseline) / 1024 / 1024;
    writeResults({
      bench: 'refresh',
      startedAt: benchStartedAt,
      config: { adminConnections: ADMIN_COUNT, userConnections: USER_COUNT, users: USERS, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, database: 'SQLite' },
      figures: [
        { name: 'tokens refreshed', value: summary.outcomes.refreshed, unit: 'tokens', target: `= ${COUNT}`, pass: summary.outcomes.refreshed === COUNT },
        { name: 'Graph calls per token', value: Number((calls / COUNT).toFixed(2)), unit: 'calls', note: `${refreshCalls} refresh_access_token` },
        { name: 'wall time', value: wallMs / 1000, unit: 's' },
        { name: 'floor (calls × latency ÷ concurrency)', value: floorMs / 1000, unit: 's' },
        { name: 'wall ÷ floor', value: Number((wallMs / floorMs).toFixed(3)), unit: '', target: '≤ 1.15', pass: wallMs / floorMs <= 1.15 },
        { name: 'RSS growth', value: Number(growthMb.toFixed(0)), unit: 'MB', target: '< 150 MB', pass: growthMb < 150 },
      ],
    });
  } finally {
    await app.stop();
    await sandbox.close();
  }
};

runMain(main);
