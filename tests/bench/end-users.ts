/**
 * npm run bench:end-users — an app user's `GET /api/instagram-publisher/me/connections` beside
 * Users & Permissions' own `GET /api/users/me`, with the same JWT, in one run: a warm-up, then
 * alternating requests (the order flips each round so neither route always goes first), one at a
 * time over a kept-alive connection. Prints each route's median and p90 and the ratio of the
 * medians against the target (≤ 1.1). Tune with BENCH_ROUNDS and BENCH_WARMUP.
 */
import http from 'node:http';
import { compileTestApp, startTestApp } from '../integration/harness/strapi';
import { runMain } from '../integration/harness/run-main';
import { writeResults } from './results';
import type { ConnectionWrite, Store } from '../../server/src/store/types';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const TARGET = 1.1;
const CONNECTIONS = 3;
const DAY = 86_400_000;
const MY_CONNECTIONS = '/api/instagram-publisher/me/connections';
const USERS_ME = '/api/users/me';

/** One GET over the kept-alive agent; resolves with the status, the body and the time to the last byte. */
const timedGet = (agent: http.Agent, base: URL, path: string, jwt: string) =>
  new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const request = http.get(
      { agent, host: base.hostname, port: base.port, path, headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        response.on('error', reject);
      }
    );
    request.on('error', reject);
  });

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
};

/** A connection as an end user's OAuth flow saves it, with a profile as Instagram returns it. */
const connectionOf = (userId: string, index: number): ConnectionWrite => {
  const now = new Date();
  return {
    ownerKind: 'user',
    userId,
    connectedByName: null,
    instagramUserId: `1784140${String(index).padStart(8, '0')}`,
    loginKind: index % 2 === 0 ? 'instagram' : 'facebook',
    pageId: index % 2 === 0 ? null : `10${index}`,
    pageName: index % 2 === 0 ? null : `Page ${index}`,
    appScopedUserId: `app-scoped-${index}`,
    accessToken: `IGAA-bench-token-${index}`,
    userAccessToken: null,
    tokenIssuedAt: now,
    tokenExpiresAt: index % 2 === 0 ? new Date(now.getTime() + 50 * DAY) : null,
    dataAccessExpiresAt: index % 2 === 0 ? null : new Date(now.getTime() + 80 * DAY),
    profile: {
      username: `bench_member_${index}`,
      name: `Bench member ${index}`,
      accountType: 'BUSINESS',
      profilePictureUrl: `https://cdn.example.test/bench_member_${index}.jpg`,
      biography: 'Pictures made with the app',
      website: 'https://example.test',
      followersCount: 1200 + index,
      followsCount: 80,
      mediaCount: 42,
    },
    scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    status: 'active',
    isActive: true,
    lastError: null,
    connectedAt: new Date(now.getTime() - index * 60_000),
    lastSyncedAt: now,
    lastRefreshedAt: null,
    refreshLockedUntil: null,
  };
};

const main = async () => {
  const benchStartedAt = new Date().toISOString();
  await compileTestApp();
  const app = await startTestApp({
    listen: true,
    env: { STRAPI_LOG_LEVEL: 'error', CAPTURE_LOGS: 'false', INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const base = new URL(app.url!);
    // Given a user registered through Users & Permissions, allowed to list their connections, with three of them
    const registered = await app.http().post('/api/auth/local/register').send({ username: 'bench-user', email: 'bench-user@example.test', password: 'Bench-password-1234' });
    if (registered.status !== 200) throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    const jwt: string = registered.body.jwt;
    const userId = String(registered.body.user.id);
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'plugin::instagram-publisher.my-connections.find', role: role.id } });
    const store = app.strapi.plugin('instagram-publisher').service('store').get() as Store;
    for (let index = 1; index <= CONNECTIONS; index += 1) await store.connections.upsertByInstagramUserId(connectionOf(userId, index));

    const routes = [MY_CONNECTIONS, USERS_ME] as const;
    for (const path of routes) {
      const { status, body } = await timedGet(agent, base, path, jwt);
      if (status === 404 && path === MY_CONNECTIONS) throw new Error(`${MY_CONNECTIONS} answers 404: the /me routes are not in this build (controllers/my-connections.ts)`);
      if (status !== 200) throw new Error(`${path} answered ${status}: ${body.slice(0, 300)}`);
    }
    const mine = JSON.parse((await timedGet(agent, base, MY_CONNECTIONS, jwt)).body) as { data: unknown[] };
    if (mine.data.length !== CONNECTIONS) throw new Error(`${MY_CONNECTIONS} listed ${mine.data.length} connections, expected ${CONNECTIONS}`);

    // When both routes are called alternately, after a warm-up
    const samples: Record<(typeof routes)[number], number[]> = { [MY_CONNECTIONS]: [], [USERS_ME]: [] };
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      const order = round % 2 === 0 ? routes : ([...routes].reverse() as unknown as typeof routes);
      for (const path of order) {
        const { status, ms } = await timedGet(agent, base, path, jwt);
        if (status !== 200) throw new Error(`${path} answered ${status} in round ${round}`);
        if (round >= WARMUP) samples[path].push(ms);
      }
    }

    // Then report the medians side by side
    const median = (path: (typeof routes)[number]) => quantile(samples[path], 0.5);
    const ratio = median(MY_CONNECTIONS) / median(USERS_ME);
    const line = (label: string, path: (typeof routes)[number]) =>
      `  ${label.padEnd(44)} median ${median(path).toFixed(2)} ms, p90 ${quantile(samples[path], 0.9).toFixed(2)} ms`;
    process.stdout.write(
      [
        `end-user routes benchmark: one user with ${CONNECTIONS} connections, ${ROUNDS} alternating requests per route after ${WARMUP} of warm-up, same JWT, one kept-alive connection`,
        line(`GET ${MY_CONNECTIONS}`, MY_CONNECTIONS),
        line(`GET ${USERS_ME}`, USERS_ME),
        `  ${'ratio of medians'.padEnd(44)} ${ratio.toFixed(3)} (target ≤ ${TARGET})`,
      ].join('\n') + '\n'
    );
    writeResults({
      bench: 'end-users',
      startedAt: benchStartedAt,
      config: { rounds: ROUNDS, warmup: WARMUP, connections: CONNECTIONS },
      figures: [
        { name: `GET ${MY_CONNECTIONS} median`, value: Number(median(MY_CONNECTIONS).toFixed(2)), unit: 'ms', note: `p90 ${quantile(samples[MY_CONNECTIONS], 0.9).toFixed(2)} ms` },
        { name: `GET ${USERS_ME} median`, value: Number(median(USERS_ME).toFixed(2)), unit: 'ms', note: `p90 ${quantile(samples[USERS_ME], 0.9).toFixed(2)} ms` },
        { name: 'ratio of medians', value: Number(ratio.toFixed(3)), unit: '', target: `≤ ${TARGET}`, pass: ratio <= TARGET },
      ],
    });
  } finally {
    agent.destroy();
    await app.stop();
  }
};

runMain(main);
