/**
 * Seeded fuzz of every route the plugin serves (admin and content API, Meta's public callbacks
 * included). For each request: no 5xx, no stack trace or server path in the body, no secret, and
 * a refused request changes no stored data.
 *
 *   FUZZ_SEED=123 npx jest tests/integration/fuzz                       replay a run (the seed is printed; npm run build first)
 *   FUZZ_REQUESTS=5000                                                  requests per database (default 300)
 *   FUZZ_RUNS=10                                                        10 × the default number of requests
 *   FUZZ_DATABASES=sqlite                                               which databases (default sqlite,postgres)
 *   FUZZ_ONLY=17                                                        only request #17 of the seed
 *   FUZZ_BUDGET_MS=600000                                               stop sending after this long (default 60 s)
 *   FUZZ_TRACE=1                                                        print every request with its status
 */
import type { Store } from '../../../server/src/store/types';
import { trackIssuedSecrets } from '../harness/oauth';
import { createPostgresDatabase } from '../harness/postgres';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { IG_SECRET, FB_SECRET, pluginStore, seedFixtures, type Fixtures } from './fixtures';
import { examplesFor } from './examples';
import { requestRng, seedFromEnv } from './prng';
import { buildRequest, describeRequest } from './requests';
import { pluginRoutes, type FuzzRoute } from './routes';
import { runFuzz } from './run';

const DEFAULT_REQUESTS = 300;
const seed = seedFromEnv();
const total = Number(process.env.FUZZ_REQUESTS ?? DEFAULT_REQUESTS * Number(process.env.FUZZ_RUNS ?? 1));
const only = process.env.FUZZ_ONLY;
const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 60_000);
/** PostgreSQL refuses what SQLite stores (a NUL in text, in JSON), so both are fuzzed. */
const databases = (process.env.FUZZ_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim()).filter(Boolean);

describe.each(databases)('fuzzing every plugin route on %s', (database) => {
  let env: SandboxedApp;
  let store: Store;
  let fixtures: Fixtures;
  let routes: FuzzRoute[];
  let issuedSecrets: () => string[];
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;

  beforeAll(async () => {
    postgres = database === 'postgres' ? await createPostgresDatabase() : null;
    env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true', STRAPI_LOG_LEVEL: 'error', ...postgres?.env } } });
    issuedSecrets = trackIssuedSecrets(env.sandbox);
    store = pluginStore(env);
    routes = pluginRoutes(env.app.strapi);
    fixtures = await seedFixtures(env, routes);
    // Strapi logs every malformed JSON body as an error: keep the console readable. The lines are
    // still captured (tests/app/config/logger.ts), checked for secrets and shown with a failure.
    for (const transport of (env.app.strapi.log as unknown as { transports: Array<{ name?: string; silent?: boolean }> }).transports) {
      if (transport.name === 'console') transport.silent = true;
    }
  });
  afterAll(async () => {
    await env?.stop();
    await postgres?.drop();
  });

  it('finds every route the plugin declares, from the served router', () => {
    // Then admin and content-API routes are both there, with their handlers and public flags
    const handlers = routes.map((route) => route.handler);
    expect(handlers).toEqual(expect.arrayContaining(['publications.preview', 'settings.update', 'oauth.callback', 'meta.deauthorize', 'permalinks.find']));
    expect(routes.find((route) => route.handler === 'oauth.callback')).toMatchObject({ type: 'content-api', public: true, path: '/api/instagram-publisher/oauth/callback' });
    expect(routes.find((route) => route.handler === 'publications.retry')).toMatchObject({ type: 'admin', public: false, params: ['id'] });
  });

  it('holds credentials that get past authentication: the super admin, the API token and the end user', async () => {
    const permalinks = `/api/instagram-publisher/permalinks?uid=api::article.article&documentId=${fixtures.publishedDocumentId}`;
    expect((await env.app.http().get('/instagram-publisher/settings').set(env.admin.auth)).status).toBe(200);
    expect((await env.app.http().get(permalinks).set('Authorization', `Bearer ${fixtures.apiToken}`)).status).toBe(200);
    expect((await env.app.http().get(permalinks).set('Authorization', `Bearer ${fixtures.userJwt}`)).status).toBe(200);
    expect((await env.app.http().get(permalinks)).status).toBe(403);
  });

  it('builds the same requests from the same seed, whatever was built before', () => {
    // (at a fixed clock: signed requests and schedules carry the time)
    const now = Date.now();
    const build = (runSeed: number) =>
      Array.from({ length: 300 }, (_, index) => {
        const rng = requestRng(runSeed, index);
        return describeRequest(buildRequest(rng, routes[index % routes.length], fixtures, examplesFor(fixtures, rng, now)));
      });
    const first = build(seed);
    build(seed + 1);
    expect(build(seed)).toEqual(first);
    expect(build(seed + 1)).not.toEqual(first);
  });

  it('answers every request without a 5xx, a stack trace or a secret, and refusals change nothing', async () => {
    // Given a connected account, a pending Page choice, a mapping, articles and publications
    const config = (key: string) => String(env.app.strapi.config.get(key) ?? '');
    const secrets = () =>
      [IG_SECRET, FB_SECRET, config('plugin::instagram-publisher.encryptionKey'), config('plugin::users-permissions.jwtSecret'), ...issuedSecrets()].filter((s) => s.length > 8);
    const indices = only !== undefined ? [Number(only)] : Array.from({ length: total }, (_, i) => i);
    process.stdout.write(`\nAPI fuzz on ${database}: seed ${seed} (replay with FUZZ_SEED=${seed}), ${indices.length} requests over ${routes.length} routes\n`);

    // When the seeded requests are sent
    const report = await runFuzz({ env, store, fixtures, routes, seed, indices, secrets, budgetMs });

    process.stdout.write(
      `API fuzz on ${database}: ${report.sent} requests in ${(report.elapsedMs / 1000).toFixed(1)} s, ${report.refused} refused, ` +
        `statuses ${JSON.stringify(report.statuses)}${report.stoppedEarly ? ` (stopped at the ${budgetMs} ms budget)` : ''}\n` +
        Object.entries(report.byRoute)
          .map(([route, statuses]) => `  ${route.padEnd(58)} ${Object.entries(statuses).map(([status, count]) => `${status}×${count}`).join(' ')}\n`)
          .join(''),
    );
    // Then every route was reached, and no request broke a rule
    expect(Object.keys(report.byRoute)).toHaveLength(only !== undefined ? 1 : Math.min(routes.length, report.sent));
    const failures = report.failures.map(
      (failure) => `#${failure.index} ${failure.request}\n  → ${failure.status}: ${failure.problems.join('; ')}\n  ${failure.body}${failure.logs ? `\n  logged: ${failure.logs}` : ''}`,
    );
    expect({ seed, database, failures }).toEqual({ seed, database, failures: [] });
    // The budget stops the run; the margin covers the request in flight and the report.
  }, budgetMs + 60_000);
});
