import type { Sandbox } from '../../sandbox';
import { ARTICLE, seedConnection, startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import { connectUser, grantToAuthenticated, ME, POSTING_ACTIONS, postAs, registerUser, untilMine, uploadJpeg, type EndUser } from '../end-users/post-helpers';

import { H, PUBLICATION, postedPublication } from './helpers';

describe('insights of published posts: synced on a schedule with one Graph call, stored, served', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let ana: EndUser;
  let bob: EndUser;
  let anaConnection: string;

  const http = () => app.app.http();
  const plugin = () => app.strapi.plugin('instagram-publisher');
  const store = () => (plugin().service('store') as any).get();
  const sync = (now: Date, accounts = false) => (plugin().service('insightsSync') as any).run({ now: () => now, accounts });
  const insightCalls = () => sandbox.findCalls({}).filter((call: any) => /insights|like_count/.test(String(call.query?.fields ?? '')) || /\/insights$/.test(call.path));

  /** Ana posts a picture through her own route; the worker publishes it to the sandbox. */
  const publishAsAna = async (caption: string) => {
    const fileId = await uploadJpeg(app, ana);
    const queued = await postAs(app, ana, { connectionId: anaConnection, fileIds: [fileId], caption });
    expect(queued.status).toBe(202);
    const published = await untilMine(app, ana, queued.body.data.id);
    expect(published.status).toBe('published');
    return published as { id: string; mediaId: string; publishedAt: string };
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    await grantToAuthenticated(app.strapi, [...POSTING_ACTIONS, 'my-insights.findOne']);
    ana = await registerUser(app, 'ana');
    bob = await registerUser(app, 'bob');
    anaConnection = (await connectUser(app.strapi, sandbox, ana, 'sandbox_brand')).id;
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(() => sandbox.clearCalls());

  it('reads a published post with one Graph call at each step of its age, stores each snapshot and serves them to its owner', async () => {
    const post = await publishAsAna('Numbers please');
    sandbox.getMedia(post.mediaId)!.stats = { likes: 12, comments: 3, reach: 400, views: 650, saved: 2, shares: 1 };
    const publishedAt: Date = (await store().insights.target(post.id)).publishedAt;

    // Before its first step (1 h) nothing is read; the post only gets its schedule.
    sandbox.clearCalls();
    const early = await sync(new Date(publishedAt.getTime() + 10 * 60_000));
    expect(early.outcomes.read).toBe(0);
    expect(insightCalls()).toHaveLength(0);
    const pending = await http().get(`${ME}/publications/${post.id}/insights`).set(ana.auth);
    expect(pending.status).toBe(200);
    expect(pending.body.data).toMatchObject({ status: 'pending', latest: null, series: [], nextSyncAt: new Date(publishedAt.getTime() + H).toISOString() });

    // At 1 h: one call, counts and metrics batched.
    const first = await sync(new Date(publishedAt.getTime() + H + 1000));
    expect(first.outcomes.read).toBe(1);
    const calls = insightCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: `/${post.mediaId}` });
    expect(String(calls[0].query.fields)).toBe('like_count,comments_count,insights.metric(reach,views,saved,shares,total_interactions)');

    const served = await http().get(`${ME}/publications/${post.id}/insights`).set(ana.auth);
    expect(served.status).toBe(200);
    expect(served.body.data).toMatchObject({
      publicationId: post.id,
      kind: 'image',
      mediaId: post.mediaId,
      status: 'ok',
      message: null,
      latest: { likes: 12, comments: 3, metrics: { reach: 400, views: 650, saved: 2, shares: 1, total_interactions: 18 } },
      nextSyncAt: new Date(publishedAt.getTime() + 6 * H).toISOString(),
    });
    expect(served.body.data.series).toHaveLength(1);

    // Not due again before 6 h; at 6 h the numbers have grown and a second snapshot joins the series.
    sandbox.clearCalls();
    await sync(new Date(publishedAt.getTime() + 2 * H));
    expect(insightCalls()).toHaveLength(0);
    sandbox.getMedia(post.mediaId)!.stats = { likes: 30, comments: 4, reach: 900, views: 1400, saved: 5, shares: 2 };
    await sync(new Date(publishedAt.getTime() + 6 * H + 1000));
    expect(insightCalls()).toHaveLength(1);
    const later = await http().get(`${ME}/publications/${post.id}/insights`).set(ana.auth);
    expect(later.body.data.series.map((point: any) => point.likes)).toEqual([12, 30]);
    expect(later.body.data.latest.metrics.reach).toBe(900);
    expect(later.body.data.nextSyncAt).toBe(new Date(publishedAt.getTime() + 24 * H).toISOString());

    // After the last step (30 d) the schedule is over.
    await sync(new Date(publishedAt.getTime() + 31 * 24 * H));
    const done = await http().get(`${ME}/publications/${post.id}/insights`).set(ana.auth);
    expect(done.body.data.nextSyncAt).toBeNull();
    expect(done.body.data.series).toHaveLength(3);

    // Only the owner sees them: another user's request answers 404, a malformed id 400 naming it.
    const other = await http().get(`${ME}/publications/${post.id}/insights`).set(bob.auth);
    expect(other.status).toBe(404);
    const malformed = await http().get(`${ME}/publications/not-an-id!/insights`).set(ana.auth);
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('id');
  });

  it('reads each due post once when several instances sync at the same time', async () => {
    const posts = [await publishAsAna('Twin one'), await publishAsAna('Twin two')];
    const at = new Date(Math.max(...posts.map((post) => new Date(post.publishedAt).getTime())) + H + 1000);
    await sync(new Date(at.getTime() - H)); // schedules them
    sandbox.clearCalls();
    const runs = await Promise.all([sync(at), sync(at), sync(at)]);
    expect(runs.reduce((sum: number, run: any) => sum + run.outcomes.read, 0)).toBe(2);
    for (const post of posts) expect(insightCalls().filter((call: any) => call.path === `/${post.mediaId}`)).toHaveLength(1);
  });

  it('without the insights permission keeps the counts and says "reconnect to see insights", never failing', async () => {
    const carol = await registerUser(app, 'carol');
    const connection = await seedConnection(app.strapi, sandbox, 'sandbox_creator', {
      ownerKind: 'user',
      userId: carol.id,
      connectedByName: null,
      scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    });
    const row = await postedPublication(app.strapi, sandbox, {
      connectionId: String(connection.id),
      uid: 'user-post',
      documentId: `carol-${Date.now()}`,
      ownerUserId: carol.id,
      account: 'sandbox_creator',
      stats: { likes: 8, comments: 1 },
    });
    const publishedAt = row.postedAt;
    sandbox.clearCalls();
    await sync(new Date(publishedAt.getTime() - H)); // scheduled at +1 h
    const summary = await sync(new Date());
    expect(summary.outcomes).toMatchObject({ reconnect: 1, failed: 0 });
    const calls = insightCalls();
    expect(calls).toHaveLength(1);
    expect(String(calls[0].query.fields)).toBe('like_count,comments_count');

    const served = await store().insights.target(String(row.id));
    expect(served.insights).toMatchObject({ status: 'reconnect', likes: 8, comments: 1, metrics: {}, message: expect.stringContaining('Reconnect the account to see insights') });
  });

  it('counts a post\'s age from when Instagram published it, not from when it was queued (a scheduled post)', async () => {
    // Given a post queued ten days ago for a schedule, published on Instagram two hours ago
    const media = sandbox.seedMedia({ account: 'sandbox_brand', stats: { likes: 4, comments: 0, reach: 60 } });
    const queuedAt = new Date(Date.now() - 10 * 24 * H);
    const postedAt = new Date(Date.now() - 2 * H);
    const row = await app.strapi.db.query(PUBLICATION as any).create({
      data: {
        targetUid: 'user-post',
        targetDocumentId: `ana-scheduled-${Date.now()}`,
        connectionId: anaConnection,
        publicationStatus: 'published',
        kind: 'image',
        trigger: 'schedule',
        scheduledAt: postedAt,
        runAt: postedAt,
        attempts: 1,
        mediaId: media.id,
        publishedAt: queuedAt,
        postedAt,
        ownerUserId: ana.id,
      },
    });
    // When the sync runs: the first step (1 h after posting) is due, the next one is 6 h after posting
    await sync(new Date(postedAt.getTime() - H));
    const summary = await sync(new Date());
    expect(summary.outcomes.read).toBe(1);
    const served = await http().get(`${ME}/publications/${row.id}/insights`).set(ana.auth);
    expect(served.body.data).toMatchObject({ status: 'ok', latest: { likes: 4 }, nextSyncAt: new Date(postedAt.getTime() + 6 * H).toISOString() });
  });

  it('serves the admin side on GET /publications/:id/insights and keeps a daily account snapshot', async () => {
    const connection = await seedConnection(app.strapi, sandbox, 'sandbox_brand');
    const entry = await app.strapi.documents(ARTICLE as any).create({ data: { title: 'Insights entry' } as any });
    const row = await postedPublication(app.strapi, sandbox, {
      connectionId: String(connection.id),
      documentId: entry.documentId,
      account: 'sandbox_brand',
      kind: 'reel',
      stats: { likes: 5, reach: 70, views: 90 },
    });
    const publishedAt = row.postedAt;
    await sync(new Date(publishedAt.getTime() - H));
    sandbox.accounts.getInstagramAccount('sandbox_brand')!.insights = { reach: 4321 };
    await sync(new Date(), true);

    const served = await http().get(`/instagram-publisher/publications/${row.id}/insights`).set(app.auth);
    expect(served.status).toBe(200);
    expect(served.body.data).toMatchObject({ kind: 'reel', status: 'ok', latest: { likes: 5, metrics: { reach: 70, views: 90 } } });
    expect(Object.keys(served.body.data.latest.metrics)).toContain('ig_reels_avg_watch_time');

    // An end user's post is not the admin side's: 404 there.
    const mine = (await store().publications.list({ ownerUserId: ana.id })).results[0];
    expect((await http().get(`/instagram-publisher/publications/${mine.id}/insights`).set(app.auth)).status).toBe(404);

    const snapshots = await store().insights.listAccountSnapshots(String(connection.id));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ day: new Date().toISOString().slice(0, 10), reach: 4321 });
    // Kept by the configured backend: Strapi's database, or MongoDB (the stand-in) with mongoUri.
    const inStrapi = await app.strapi.db.query('plugin::instagram-publisher.account-snapshot' as any).count();
    if (store().kind === 'mongo') expect(inStrapi).toBe(0);
    else expect(inStrapi).toBeGreaterThan(0);
    // Once a day: a second run the same day adds none.
    sandbox.clearCalls();
    await sync(new Date(), true);
    expect(sandbox.findCalls({}).filter((call: any) => call.path === `/${sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId}/insights`)).toHaveLength(0);
  });
});
