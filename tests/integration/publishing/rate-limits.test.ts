import type { Sandbox, SandboxCall } from '../../sandbox';
import {
  ARTICLE,
  PLUGIN,
  baseMapping,
  createArticle,
  jpeg,
  listPublications,
  publishArticle,
  publishCalls,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  waitFor,
  type PublishingApp,
} from './helpers';

/**
 * Meta's rate limits through the booted app: the sandbox reports usage in X-App-Usage and
 * X-Business-Use-Case-Usage, and the plugin's Graph client spaces, pauses and defers its calls.
 * Timings are read from the sandbox's call log and only ever compared with lower bounds the client
 * enforces itself, or with the unthrottled run of the same test: a slow machine cannot fail them.
 */
describe("rate limits: Meta's usage headers slow, pause and defer the Graph calls", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;
  let igUserId: string;

  /** `rateLimits` as an operator would set it, read by the client before every call. */
  const setRateLimits = (patch: Record<string, unknown>) =>
    app.strapi.config.set(`${PLUGIN}.rateLimits`, {
      slowAbove: 75,
      pauseAbove: 95,
      maxSpacingMs: 600,
      pauseWindowMs: 1500,
      maxPauseMs: 4000,
      maxWaitMs: 5000,
      ...patch,
    });

  /** Publishes one article and waits until its publication settles; returns it with the Graph calls it made. */
  const post = async (title: string) => {
    sandbox.clearCalls();
    const article = await createArticle(app.strapi, { title, cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId, { timeoutMs: 60_000 });
    return { publication, calls: sandbox.findCalls({ api: 'instagramGraph' }) };
  };

  const gaps = (calls: SandboxCall[]) => calls.slice(1).map((c, i) => c.at - calls[i].at);
  const configStatus = async () => (await app.app.http().get('/instagram-publisher/config-status').set(app.auth)).body.data;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox, { worker: { maxAttempts: 20 } });
    const connection = await seedConnection(app.strapi, sandbox);
    connectionId = connection.id;
    igUserId = connection.instagramUserId;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.set({ usage: { app: 0, account: 0 } });
    setRateLimits({});
  });

  it('spaces the calls at 90 % of the app usage, and the admin sees the usage', async () => {
    // Given: an unthrottled run as the reference
    const calm = await post('Calm day');
    expect(calm.publication.status).toBe('published');

    // When: Meta reports 90 % of the app's limit (15/20 of the way from 75 % to 95 %: 450 ms between calls)
    sandbox.set({ usage: { app: 90, account: 0 } });
    const busy = await post('Busy day');

    // Then: it still publishes, and from the first answer at 90 % on every call waits its slot
    expect(busy.publication.status).toBe('published');
    const spaced = gaps(busy.calls);
    expect(spaced.length).toBeGreaterThanOrEqual(3);
    // 0.8: arrival times at the sandbox, not departure times at the client
    for (const gap of spaced) expect(gap).toBeGreaterThanOrEqual(0.8 * 450);
    // Compared with the calm run of the same steps: wider gaps, a longer run
    expect(Math.min(...spaced)).toBeGreaterThan(Math.min(...gaps(calm.calls)));
    const span = (calls: SandboxCall[]) => calls[calls.length - 1].at - calls[0].at;
    expect(span(busy.calls)).toBeGreaterThan(span(calm.calls));

    // And the admin's configuration status shows the app's usage and the spacing
    const { rateLimits } = await configStatus();
    expect(rateLimits).toMatchObject({ enabled: true, slowAbove: 75, pauseAbove: 95 });
    expect(rateLimits.apps.instagram).toMatchObject({ usage: { callCount: 90, totalCputime: 90, totalTime: 90 }, pausedUntil: null, spacingMs: 450 });
    expect(rateLimits.apps.instagram.observedAt).toEqual(expect.any(String));
    expect(rateLimits.accounts).toEqual(expect.arrayContaining([expect.objectContaining({ id: igUserId })]));
  });

  it('pauses the account at 96 % until the window passes, then resumes and publishes', async () => {
    // Given: the account's business-use-case usage at 96 %, falling back to 10 % once Meta has said so once
    sandbox.set({ usage: { app: 0, account: 96 } });
    let first: SandboxCall | undefined;
    const stop = sandbox.onCall((call) => {
      if (first || call.api !== 'instagramGraph') return;
      first = call;
      sandbox.set({ usage: { app: 0, account: 10 } });
    });
    try {
      // When
      const { publication, calls } = await post('Almost at the limit');
      // Then: the call after the 96 % answer waited the whole pause window (1.5 s), and the post went out
      expect(publication.status).toBe('published');
      expect(calls[0].seq).toBe(first!.seq);
      expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(0.9 * 1500);
      // The pause is longer than any gap of the resumed calls, which run at full speed again
      const resumed = gaps(calls.slice(1));
      expect(calls[1].at - calls[0].at).toBeGreaterThan(Math.max(...resumed));
      const { rateLimits } = await configStatus();
      expect(rateLimits.accounts.find((a: { id: string }) => a.id === igUserId)).toMatchObject({ usage: { callCount: 10 }, pausedUntil: null, spacingMs: 0 });
    } finally {
      stop?.();
    }
  });

  it('defers the post on a throttling error and publishes it exactly once when the window passes', async () => {
    // Given: calls are never held in place, and the account is over its limit (Meta answers 80002)
    setRateLimits({ maxWaitMs: 0, pauseWindowMs: 4000 });
    sandbox.set({ usage: { app: 0, account: 100 } });
    sandbox.clearCalls();
    const article = await createArticle(app.strapi, { title: 'Over the limit', cover: coverId });
    await publishArticle(app.strapi, article.documentId);

    // When: the worker meets the throttling error
    const deferred = await waitFor(
      async () => {
        const [row] = await listPublications(app.strapi, { documentId: article.documentId });
        return row?.status === 'deferred' ? row : null;
      },
      { timeoutMs: 30_000, what: 'the publication to be deferred' },
    );

    // Then: it is deferred as throttled, Meta's 80002 was the answer, and the admin sees the pause
    expect(deferred.error).toMatchObject({ class: 'throttled' });
    const throttledCalls = sandbox.calls.filter((c) => c.status === 400 && (c.response as any)?.error?.code === 80002);
    expect(throttledCalls.length).toBeGreaterThanOrEqual(1);
    const { rateLimits } = await configStatus();
    expect(rateLimits.accounts.find((a: { id: string }) => a.id === igUserId)).toMatchObject({ usage: { callCount: 100 }, pausedUntil: expect.any(String) });
    // No call reached Meta while the account was paused, beyond the one that was throttled per attempt
    expect(publishCalls(sandbox)).toHaveLength(0);

    // When: the window passes and Meta's usage is back down
    sandbox.set({ usage: { app: 0, account: 20 } });
    const [publication] = await settled(app.strapi, article.documentId, { timeoutMs: 60_000 });

    // Then: published, with exactly one media_publish and one media at Meta
    expect(publication.status).toBe('published');
    const published = publishCalls(sandbox).filter((c) => c.status === 200);
    expect(published).toHaveLength(1);
    expect(sandbox.listMedia(igUserId).filter((m) => m.id === publication.mediaId)).toHaveLength(1);
  });
});
