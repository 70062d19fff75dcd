import { faults, type Sandbox } from '../../sandbox';
import { capturedLogs } from '../harness/logs';
import {
  ARTICLE,
  PLUGIN,
  baseMapping,
  containerCalls,
  createArticle,
  getConnection,
  jpeg,
  mp4,
  publishArticle,
  publishCalls,
  putMappings,
  seedConnection,
  setWorkerConfig,
  settled,
  startFastSandbox,
  startPublishingApp,
  type ArticleInput,
  type PublishingApp,
} from './helpers';

describe('failures: validation before any Graph call, Meta errors classed and handled', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;
  const tokens = new Set<string>();

  /** Publishes an article under a mapping and waits for its publication to settle. */
  const post = async (mapping: Record<string, unknown>, input: Partial<ArticleInput> = {}) => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, ...mapping }) });
    const article = await createArticle(app.strapi, { title: 'Post', cover: coverId, ...input });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    return publication;
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    sandbox.onCall((call) => {
      if (call.token) tokens.add(call.token);
    });
    app = await startPublishingApp(sandbox);
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
  });
  afterAll(async () => {
    // No token the sandbox handed out ever reached a log line, whatever failed above.
    expect(tokens.size).toBeGreaterThan(0);
    const logs = capturedLogs().join('\n');
    for (const token of tokens) expect(logs).not.toContain(token);
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.clearCalls();
    sandbox.clearFaults();
    sandbox.set({ quotaTotal: 50 });
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
  });

  describe('an entry Instagram would refuse fails with a readable reason before any Graph call', () => {
    const cases: Array<[string, () => Promise<{ mapping: Record<string, unknown>; input: Partial<ArticleInput> }>, RegExp]> = [
      ['no media at all', async () => ({ mapping: {}, input: { cover: null } }), /no image or video in "cover"/],
      ['a caption over 2,200 characters', async () => ({ mapping: {}, input: { excerpt: 'a'.repeat(2300) } }), /characters; Instagram accepts at most 2200/],
      ['more than 5 hashtags', async () => ({ mapping: { captionTemplate: '{{excerpt}}' }, input: { excerpt: Array.from({ length: 6 }, (_, i) => `#tag${i}`).join(' ') } }), /6 hashtags; Instagram accepts at most 5/],
      ['more than 20 mentions', async () => ({ mapping: { captionTemplate: '{{excerpt}}' }, input: { excerpt: Array.from({ length: 21 }, (_, i) => `@user${i}`).join(' ') } }), /mentions 21 accounts/],
      [
        'a carousel of 11 items',
        async () => ({ mapping: { postKind: 'carousel', mediaFields: ['gallery'] }, input: { gallery: await Promise.all(Array.from({ length: 11 }, () => jpeg(app.strapi, 1080, 1080).then((file) => file.id))) } }),
        /takes 2 to 10 images or videos; the entry has 11/,
      ],
      ['a carousel of one item', async () => ({ mapping: { postKind: 'carousel', mediaFields: ['gallery'] }, input: { gallery: [coverId] } }), /the entry has 1/],
      ['a reel shorter than 3 s', async () => ({ mapping: { postKind: 'reel', mediaFields: ['video'] }, input: { video: (await mp4(app.strapi, 2)).id } }), /lasts 2\.0 s; a reel must last between 3 s/],
      ['a video wider than 1920 px', async () => ({ mapping: { postKind: 'reel', mediaFields: ['video'] }, input: { video: (await mp4(app.strapi, 5, 2560, 1440)).id } }), /2560 px wide/],
      ['a story video over 60 s', async () => ({ mapping: { postKind: 'story', mediaFields: ['video'] }, input: { video: (await mp4(app.strapi, 75)).id } }), /a story video must last between 3 s and 60 s/],
      ['a reel mapping with only an image', async () => ({ mapping: { postKind: 'reel', mediaFields: ['cover', 'video'] }, input: {} }), /A reel needs a video/],
      ['a location id that is not a Page id', async () => ({ mapping: { locationIdField: 'body' }, input: { body: 'Paris' } }), /location id "Paris"/],
      ['more than 3 collaborators', async () => ({ mapping: { collaboratorsField: 'excerpt' }, input: { excerpt: '@a1 @b2 @c3 @d4' } }), /4 collaborators/],
      ['user tags outside the image', async () => ({ mapping: { userTagsField: 'excerpt' }, input: { excerpt: '[{"username":"sandbox_creator","x":1.5,"y":0.2}]' } }), /x and y between 0 and 1/],
    ];
    it.each(cases)('%s', async (_name, setup, message) => {
      const { mapping, input } = await setup();
      sandbox.clearCalls();
      const publication = await post(mapping, input);
      expect(publication.status).toBe('failed');
      expect(publication.error.message).toMatch(message);
      expect(sandbox.calls).toEqual([]);
    });

    it('a media URL on localhost, outside sandbox mode, with what Meta needs', async () => {
      app.strapi.config.set(`${PLUGIN}.sandbox`, false);
      try {
        const publication = await post({});
        expect(publication.status).toBe('failed');
        expect(publication.error.message).toMatch(/localhost or a private network, which Instagram's servers cannot download from\. Set the plugin's publicUrl/);
        expect(sandbox.calls).toEqual([]);
      } finally {
        app.strapi.config.set(`${PLUGIN}.sandbox`, true);
      }
    });

    it('a connection that was removed', async () => {
      await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
      const article = await createArticle(app.strapi, { title: 'Orphan', cover: coverId });
      const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
      await store.connections.delete(connectionId);
      await publishArticle(app.strapi, article.documentId);
      const [publication] = await settled(app.strapi, article.documentId);
      expect(publication.status).toBe('failed');
      expect(publication.error.message).toMatch(/no longer connected/);
      expect(sandbox.calls).toEqual([]);
    });

    it('"ask" with several accounts connected and none chosen', async () => {
      await seedConnection(app.strapi, sandbox, 'sandbox_creator');
      const publication = await post({ connectionId: null });
      expect(publication.status).toBe('failed');
      expect(publication.error.message).toMatch(/Several Instagram accounts are connected/);
      expect(sandbox.calls).toEqual([]);
      const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
      const creator = await store.connections.findByInstagramUserId(sandbox.accounts.getInstagramAccount('sandbox_creator')!.userId);
      await store.connections.delete(creator.id);
    });

    it('a connection that needs reconnecting', async () => {
      connectionId = (await seedConnection(app.strapi, sandbox, 'sandbox_brand', { status: 'reconnect_needed', lastError: 'token expired' })).id;
      const publication = await post({});
      expect(publication.status).toBe('failed');
      expect(publication.error.message).toMatch(/@sandbox_brand needs to be reconnected \(token expired\)/);
      expect(sandbox.calls).toEqual([]);
    });
  });

  it('retries a transient failure of container creation with backoff', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 2, error: faults.transient(2, 500) });
    const publication = await post({});
    expect(publication.status).toBe('published');
    expect(publication.attempts).toBe(2);
    expect(containerCalls(sandbox)).toHaveLength(3);
    expect(publishCalls(sandbox)).toHaveLength(1);
  });

  it('fails after the configured number of transient failures, with Meta\'s code', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, error: faults.transient(2, 500) });
    const publication = await post({});
    expect(publication.status).toBe('failed');
    expect(publication.error).toMatchObject({ code: 2, class: 'transient' });
    expect(containerCalls(sandbox)).toHaveLength(5);
  });

  it('retries throttling without a hint after backoff, and defers throttling with a hint to the time Meta gives', async () => {
    // The client pauses a throttled app or account (rate-limits.test.ts); short windows here, for a brief deferral
    app.strapi.config.set(`${PLUGIN}.rateLimits`, { pauseWindowMs: 200, maxPauseMs: 400 });
    // Without a hint: deferred briefly, then published
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 1, error: { code: 4, httpStatus: 400 } });
    expect((await post({})).status).toBe('published');
    // With "regain access in 5 minutes": deferred to then
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 1, error: faults.throttled(80002, { minutes: 5 }) });
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
    const article = await createArticle(app.strapi, { title: 'Throttled', cover: coverId });
    const before = Date.now();
    await publishArticle(app.strapi, article.documentId);
    const [deferred] = await settled(app.strapi, article.documentId, { statuses: ['deferred'] });
    expect(deferred.error).toMatchObject({ code: 80002, class: 'throttled' });
    expect(deferred.runAt.getTime() - before).toBeGreaterThanOrEqual(5 * 60_000 - 1_000);
    const cancel = await app.app.http().post(`/instagram-publisher/publications/${deferred.id}/cancel`).set(app.auth);
    expect(cancel.status).toBe(200);
    // The client keeps that account paused for the 5 minutes Meta asked; a fresh client (as after a restart) lets the next tests use it
    app.strapi.plugin('instagram-publisher').service('graph').destroy();
  });

  it('marks the connection "reconnect needed" on 190 and fails the post with that reason, without retrying', async () => {
    sandbox.accounts.invalidateToken('sandbox_brand', 460);
    const publication = await post({});
    expect(publication.status).toBe('failed');
    expect(publication.error).toMatchObject({ code: 190, subcode: 460 });
    expect(publication.error.message).toMatch(/connection of @sandbox_brand has expired or was revoked/);
    const connection = await getConnection(app.strapi, connectionId);
    expect(connection).toMatchObject({ status: 'reconnect_needed', lastError: expect.stringMatching(/Connect the account again/) });
    expect(containerCalls(sandbox)).toHaveLength(1);
  });

  it.each([
    ['190/459 (checkpointed)', { code: 190, subcode: 459, httpStatus: 400 }],
    ['25/2207050 (restricted)', faults.restricted()],
  ])(
    'on %s marks the account "action required" with its token kept, says what to do, and "Check again" makes it active once Instagram accepts it',
    async (_label, error) => {
      // Given Instagram refuses the account until its owner acts in the Instagram app
      sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 1, error });
      const before = await getConnection(app.strapi, connectionId);
      // When a post meets it
      const publication = await post({});
      // Then the post fails at once, and the account is marked as the refresh job marks it, token intact
      expect(publication.status).toBe('failed');
      expect(publication.error).toMatchObject({ code: error.code, subcode: error.subcode, class: 'userAction' });
      expect(containerCalls(sandbox)).toHaveLength(1);
      expect(await getConnection(app.strapi, connectionId)).toMatchObject({
        status: 'action_required',
        accessToken: before.accessToken,
        lastError: expect.stringMatching(/Open the Instagram app with this account/),
      });
      // And the card says what to do
      const cards = (await app.app.http().get('/instagram-publisher/connections').set(app.auth)).body.data;
      expect(cards.find((card: any) => card.id === connectionId)).toMatchObject({ health: 'action_required', healthAction: 'open_instagram_app' });
      // And the next post is refused before any Graph call, with the same advice
      sandbox.clearCalls();
      const refused = await post({});
      expect(refused.error.message).toMatch(/open the Instagram app with this account.*"Check again"/);
      expect(sandbox.calls).toEqual([]);
      // When the owner has acted and an admin clicks "Check again" on the card
      const checked = await app.app.http().post(`/instagram-publisher/connections/${connectionId}/refresh`).set(app.auth);
      // Then Meta accepts the token and the account is active again, with the same token
      expect(checked.status).toBe(200);
      expect(checked.body.data).toMatchObject({ status: 'active', health: 'healthy', healthAction: null, lastError: null });
      expect((await getConnection(app.strapi, connectionId)).accessToken).toBe(before.accessToken);
      expect((await post({})).status).toBe('published');
    }
  );

  it('refuses a caption with more than 5 hashtags before any Graph call, and the sandbox refuses it as Meta does', async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${i}`).join(' ');
    // Given a caption with 6 hashtags
    const refused = await post({ captionTemplate: '{{excerpt}}' }, { excerpt: tags(6) });
    // Then the plugin refuses it with the limit in force, before Meta is asked
    expect(refused.status).toBe('failed');
    expect(refused.error.message).toMatch(/6 hashtags; Instagram accepts at most 5/);
    expect(containerCalls(sandbox)).toHaveLength(0);
    // And with the limit raised in the plugin only, Meta's double refuses it with 36004/2207010
    app.strapi.config.set(`${PLUGIN}.limits`, { hashtags: 30, mentions: 20, captionCharacters: 2200 });
    try {
      const byMeta = await post({ captionTemplate: '{{excerpt}}' }, { excerpt: tags(6) });
      expect(byMeta.error).toMatchObject({ code: 36004, subcode: 2207010, class: 'invalid', message: expect.stringMatching(/at most 2,200 characters, 5 hashtags/) });
    } finally {
      app.strapi.config.set(`${PLUGIN}.limits`, { hashtags: 5, mentions: 20, captionCharacters: 2200 });
    }
    // And 5 hashtags go through
    expect((await post({ captionTemplate: '{{excerpt}}' }, { excerpt: tags(5) })).status).toBe('published');
  });

  it('reads the quota before publishing and defers when it is used up, until the window frees', async () => {
    // Given an account whose rolling 24 h quota is used up (the earlier posts of this suite count)
    const igUserId = sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId;
    sandbox.set({ quotaTotal: sandbox.quotaUsage(igUserId) });
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
    const article = await createArticle(app.strapi, { title: 'Over quota', cover: coverId });
    // When it is published
    await publishArticle(app.strapi, article.documentId);
    // Then the quota is read, no media_publish is sent, and the post waits for the window to free
    const [deferred] = await settled(app.strapi, article.documentId, { statuses: ['deferred'] });
    expect(deferred.error).toMatchObject({ code: 9, subcode: 2207042, class: 'defer' });
    expect(sandbox.count({ method: 'GET', path: /\/content_publishing_limit$/ })).toBeGreaterThanOrEqual(1);
    expect(publishCalls(sandbox)).toHaveLength(0);
    expect(deferred.runAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await app.app.http().post(`/instagram-publisher/publications/${deferred.id}/cancel`).set(app.auth);
  });

  it('defers when media_publish itself answers "quota reached" (9/2207042)', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media_publish$/ }, times: 1, error: faults.quotaReached() });
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
    const article = await createArticle(app.strapi, { title: 'Quota', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const [deferred] = await settled(app.strapi, article.documentId, { statuses: ['deferred'] });
    expect(deferred.error).toMatchObject({ code: 9, subcode: 2207042 });
    expect(deferred.error.message).toMatch(/publishing limit/);
    // The first post of this suite frees the window first: a day after it was posted
    expect(deferred.runAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(publishCalls(sandbox)).toHaveLength(1);
    await app.app.http().post(`/instagram-publisher/publications/${deferred.id}/cancel`).set(app.auth);
  });

  it('reads the container status after a media_publish with unknown outcome, and never publishes twice', async () => {
    // Given a media_publish that goes through but answers 504
    sandbox.inject({ match: { method: 'POST', path: /\/media_publish$/ }, times: 1, afterEffect: true, error: faults.transient(1, 504) });
    const publication = await post({});
    // Then the container's PUBLISHED status is found and nothing is published again
    expect(publication.status).toBe('published');
    expect(publishCalls(sandbox)).toHaveLength(1);
    const containerId = (containerCalls(sandbox)[0].response as any).id;
    const reads = sandbox.findCalls({ method: 'GET', path: `/${containerId}` });
    expect(reads[reads.length - 1].seq).toBeGreaterThan(publishCalls(sandbox)[0].seq);
    const posted = sandbox.listMedia(sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId).filter((media) => media.containerId === containerId);
    expect(posted).toHaveLength(1);
    // And the post's id and link are found among the account's latest posts
    expect(publication).toMatchObject({ mediaId: posted[0].id, permalink: posted[0].permalink });
  });

  it('publishes again after a media_publish that failed without going out (status FINISHED)', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media_publish$/ }, times: 1, error: faults.transient(2, 500) });
    const publication = await post({});
    expect(publication.status).toBe('published');
    expect(publishCalls(sandbox).map((call) => call.status)).toEqual([500, 200]);
  });

  it('makes a new container when Meta could not download the media, then publishes', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 1, containerError: { subcode: 2207052 } });
    const publication = await post({});
    expect(publication.status).toBe('published');
    expect(containerCalls(sandbox)).toHaveLength(2);
    expect(publishCalls(sandbox)).toHaveLength(1);
  });

  it('fails without a new container when the media itself is invalid', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media$/ }, times: 1, containerError: { subcode: 2207026 } });
    const publication = await post({});
    expect(publication.status).toBe('failed');
    expect(publication.error).toMatchObject({ subcode: 2207026, message: expect.stringMatching(/video format is not supported/) });
    expect(containerCalls(sandbox)).toHaveLength(1);
  });

  it('fails with a readable reason when processing outlasts the polling budget', async () => {
    sandbox.set({ containerProcessingMs: 60_000 });
    setWorkerConfig(app.strapi, { pollBudgetMs: 600 });
    try {
      const publication = await post({});
      expect(publication.status).toBe('failed');
      expect(publication.error.message).toMatch(/did not finish processing the media within/);
      expect(publishCalls(sandbox)).toHaveLength(0);
    } finally {
      setWorkerConfig(app.strapi, { pollBudgetMs: 30 * 60_000 });
      sandbox.set({ containerProcessingMs: 150 });
    }
  });

  it('makes a new container when the first one EXPIRED, then publishes', async () => {
    // Given a container still processing when a day passes on Meta's side
    sandbox.set({ containerProcessingMs: 1_000 });
    const unsubscribe = sandbox.onCall((call) => {
      if (call.method === 'POST' && /\/media$/.test(call.path) && containerCalls(sandbox).length === 1) sandbox.clock.advance(25 * 3_600_000);
    });
    try {
      const publication = await post({});
      // Then a second container is made and published
      expect(publication.status).toBe('published');
      expect(containerCalls(sandbox)).toHaveLength(2);
      const [first, second] = containerCalls(sandbox).map((call) => (call.response as any).id);
      expect(sandbox.getContainer(first)!.statusCode).toBe('EXPIRED');
      expect(publishCalls(sandbox).map((call) => (call.body as any).creation_id)).toEqual([second]);
    } finally {
      unsubscribe();
      sandbox.clock.reset();
      sandbox.set({ containerProcessingMs: 150 });
    }
  });

  it('keeps a live post published when its permalink cannot be read', async () => {
    sandbox.inject({ match: { method: 'GET', params: { fields: /permalink/ } }, error: faults.transient(2, 500) });
    const publication = await post({});
    expect(publication).toMatchObject({ status: 'published', permalink: null });
    expect(publication.mediaId).toEqual(expect.any(String));
    const view = await app.app.http().get('/instagram-publisher/publications').query({ documentId: publication.documentId }).set(app.auth);
    expect(view.body.data[0].warnings).toEqual([expect.stringMatching(/temporarily unavailable/)]);
  });

  it('checks the container before any retry when Meta flags the post as spam', async () => {
    sandbox.inject({ match: { method: 'POST', path: /\/media_publish$/ }, times: 1, error: faults.spam() });
    const publication = await post({});
    expect(publication.status).toBe('failed');
    expect(publication.error.message).toMatch(/flagged this post as spam and did not publish it/);
    expect(publishCalls(sandbox)).toHaveLength(1);
  });
});
