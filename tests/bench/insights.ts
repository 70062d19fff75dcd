/**
 * npm run bench:insights — one insights sync over N published posts spread over A accounts, against
 * the sandbox (its own process) with a fixed latency per call. Prints the Graph calls per post (one
 * is the promise), the wall time beside its floor (calls × latency ÷ concurrency), then a second
 * sync of a few posts with Meta's usage header at 90 %, where the rate governor must space the
 * calls (maxSpacingMs × (90 − slowAbove) ÷ (pauseAbove − slowAbove) apart).
 * Tune with BENCH_POSTS, BENCH_ACCOUNTS, BENCH_LATENCY_MS, BENCH_CONCURRENCY, BENCH_THROTTLED_POSTS.
 */
import { createTokenCipher } from '../../server/src/store/cipher';
import { DEFAULT_RATE_LIMITS } from '../../server/src/instagram';
import { startSandboxProcess } from './sandbox-client';
import { compileTestApp, startTestApp } from '../integration/harness/strapi';
import { runMain } from '../integration/harness/run-main';
import { writeResults } from './results';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000);
const ACCOUNTS = Math.max(1, Number(process.env.BENCH_ACCOUNTS ?? 100));
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const THROTTLED_POSTS = Number(process.env.BENCH_THROTTLED_POSTS ?? 30);
const PLAYGROUND_KEY = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';
const PUBLICATION = 'plugin::instagram-publisher.publication';
const H = 3_600_000;

const main = async () => {
  const benchStartedAt = new Date().toISOString();
  await compileTestApp();
  const sandbox = await startSandboxProcess();
  const app = await startTestApp({
    env: { INSTAGRAM_SANDBOX_URL: sandbox.url, INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true', STRAPI_LOG_LEVEL: 'error', CAPTURE_LOGS: 'false' },
  });
  try {
    const config = (app.strapi.config.get('plugin::instagram-publisher') ?? {}) as Record<string, any>;
    app.strapi.config.set('plugin::instagram-publisher.insights', { ...(config.insights ?? {}), concurrency: CONCURRENCY, batchSize: 500 });

    // Given A connected accounts (tokens granting insights) with N published posts among them
    const cipher = createTokenCipher([PLAYGROUND_KEY]);
    const now = Date.now();
    const { accounts } = await sandbox.send<{ accounts: Array<{ userId: string; username: string; accessToken: string; expiresAt: number }> }>({
      seed: { count: ACCOUNTS, prefix: 'insights', issuedDaysAgo: 1, expiresInDays: 50 },
    });
    const connectionIds = new Map<string, string>();
    for (const account of accounts) {
      const row = await app.strapi.db.query('plugin::instagram-publisher.connection' as any).create({
        data: {
          ownerKind: 'admin',
          ownerKey: 'admin',
          userId: '1',
          instagramUserId: account.userId,
          loginKind: 'instagram',
          accessToken: cipher.encrypt(account.accessToken),
          tokenIssuedAt: new Date(now - 24 * H),
          tokenExpiresAt: new Date(account.expiresAt),
          profile: { username: account.username },
          scopes: ['instagram_business_basic', 'instagram_business_content_publish', 'instagram_business_manage_insights'],
          connectionStatus: 'active',
          isActive: true,
          connectedAt: new Date(now - 24 * H),
        },
      });
      connectionIds.set(account.username, String(row.id));
    }
    const perAccount = Math.ceil(POSTS / ACCOUNTS);
    const { media } = await sandbox.send<{ media: Array<{ username: string; mediaId: string }> }>({
      seedMedia: { usernames: accounts.map((account) => account.username), perAccount },
    });
    const publishedAt = new Date(now - 2 * H);
    const rows = media.slice(0, POSTS).map(({ username, mediaId }, i) => ({
      targetUid: 'api::article.article',
      targetDocumentId: `bench-${i}`,
      connectionId: connectionIds.get(username),
      publicationStatus: 'published',
      kind: 'image',
      trigger: 'publish',
      runAt: publishedAt,
      attempts: 1,
      mediaId,
      publishedAt,
    }));
    for (let i = 0; i < rows.length; i += 500) await app.strapi.db.query(PUBLICATION as any).createMany({ data: rows.slice(i, i + 500) });
    const sync = app.strapi.plugin('instagram-publisher').service('insightsSync') as any;
    // Their first step (1 h) is set, and already due.
    await sync.run({ accounts: false, now: () => new Date(publishedAt.getTime() + 10 * 60_000) });
    const publications = () => app.strapi.db.query(PUBLICATION as any);
    /** Makes `limit` posts due now (the others done), through Strapi's query engine so dates keep their stored form. */
    const makeDue = async (limit: number) => {
      await publications().updateMany({ where: { mediaId: { $notNull: true } }, data: { insightsState: 'done', nextInsightsAt: null } });
      const ids = (await publications().findMany({ where: { mediaId: { $notNull: true } }, select: ['id'], orderBy: { id: 'asc' }, limit })).map((row: any) => row.id);
      await publications().updateMany({ where: { id: { $in: ids } }, data: { insightsState: 'scheduled', nextInsightsAt: new Date(Date.now() - 60_000) } });
    };

    // When one sync runs at full speed
    await sandbox.send({ set: { latencyMs: LATENCY_MS, usage: { app: 10, account: 10 } } });
    await sandbox.send({ clearCalls: true });
    let started = performance.now();
    const summary = await sync.run({ accounts: false });
    const wallMs = performance.now() - started;
    const { count: calls } = await sandbox.send<{ count: number }>({ count: {} });
    const floorMs = (calls * LATENCY_MS) / CONCURRENCY;

    // And again for a few posts with Meta's usage at 90 %
    const rateLimits = { ...DEFAULT_RATE_LIMITS, ...(config.rateLimits ?? {}) };
    const spacingMs = Math.round((rateLimits.maxSpacingMs * (90 - rateLimits.slowAbove)) / (rateLimits.pauseAbove - rateLimits.slowAbove));
    await sandbox.send({ set: { usage: { app: 90, account: 10 } } });
    // The governor learns the 90 % from an answer: one read first, then the measured ones.
    await makeDue(1);
    await sync.run({ accounts: false });
    await makeDue(THROTTLED_POSTS);
    await sandbox.send({ clearCalls: true });
    started = performance.now();
    const throttled = await sync.run({ accounts: false });
    const throttledMs = performance.now() - started;
    const { count: throttledCalls } = await sandbox.send<{ count: number }>({ count: {} });
    const throttledFloorMs = (throttledCalls * LATENCY_MS) / CONCURRENCY;
    const promisedMs = throttledCalls * spacingMs;

    const lines = [
      `insights benchmark: ${rows.length} published posts over ${ACCOUNTS} accounts, sandbox latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
      `  read                 ${summary.outcomes.read} (reconnect ${summary.outcomes.reconnect}, failed ${summary.outcomes.failed}, skipped ${summary.outcomes.skipped})`,
      `  Graph calls          ${calls} = ${(calls / rows.length).toFixed(2)} per post per sync (target 1)`,
      `  wall time            ${(wallMs / 1000).toFixed(2)} s`,
      `  floor                ${(floorMs / 1000).toFixed(2)} s (calls × latency ÷ concurrency)`,
      `  wall ÷ floor         ${(wallMs / floorMs).toFixed(3)} (target ≤ 1.2)`,
      `usage header at 90 % (X-App-Usage): ${THROTTLED_POSTS} posts due, ${throttled.outcomes.read} read, ${throttled.outcomes.failed} held back by the governor (wait over maxWaitMs ${rateLimits.maxWaitMs} ms; due again in 30 min), ${throttledCalls} calls`,
      `  wall time            ${(throttledMs / 1000).toFixed(2)} s vs ${(throttledFloorMs / 1000).toFixed(2)} s unthrottled floor`,
      `  governor promise     calls ${spacingMs} ms apart → ≥ ${(promisedMs / 1000).toFixed(2)} s; measured ${(throttledMs / Math.max(1, throttledCalls)).toFixed(0)} ms per call`,
      `  slowed as promised   ${throttledMs >= promisedMs * 0.95 ? 'yes' : 'NO'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const callsPerPost = calls / rows.length;
    writeResults({
      bench: 'insights',
      startedAt: benchStartedAt,
      config: { posts: rows.length, accounts: ACCOUNTS, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, throttledPosts: THROTTLED_POSTS },
      figures: [
        { name: 'posts read', value: summary.outcomes.read, unit: 'posts', note: `reconnect ${summary.outcomes.reconnect}, failed ${summary.outcomes.failed}, skipped ${summary.outcomes.skipped}` },
        { name: 'Graph calls per post per sync', value: Number(callsPerPost.toFixed(2)), unit: 'calls', target: '= 1', pass: callsPerPost === 1 },
        { name: 'wall time', value: wallMs / 1000, unit: 's' },
        { name: 'floor (calls × latency ÷ concurrency)', value: floorMs / 1000, unit: 's' },
        { name: 'wall ÷ floor', value: Number((wallMs / floorMs).toFixed(3)), unit: '', target: '≤ 1.2', pass: wallMs / floorMs <= 1.2 },
        { name: 'usage at 90 %: wall time', value: throttledMs / 1000, unit: 's', target: `≥ 95 % of ${(promisedMs / 1000).toFixed(2)} s (calls ${spacingMs} ms apart)`, pass: throttledMs >= promisedMs * 0.95, note: `${throttledCalls} calls, ${throttled.outcomes.failed} held back` },
      ],
    });
  } finally {
    await app.stop();
    await sandbox.close();
  }
};

runMain(main);
