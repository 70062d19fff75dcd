import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { createAdminSession } from '../harness/admin';
import { ARTICLE, seedConnection, startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import { connectUser, grantToAuthenticated, ME, registerUser, type EndUser } from '../end-users/post-helpers';
import { articleBy, DAY, insightsSync, pluginStore, postedPublication, readAllInsights } from './helpers';

const READ_CONNECTIONS = 'plugin::instagram-publisher.connections.read';
const RECONNECT_MESSAGE = 'Reconnect the account to see insights';

/** A role with the Content Manager rules of Strapi's "Author" on articles (is creator), plus `pluginActions`. */
const authorRole = async (strapi: Core.Strapi, pluginActions: string[]) => {
  const role = await strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test role' });
  await strapi.service('admin::role').addPermissions(role.id, [
    ...['read', 'create', 'update'].map((action) => ({
      action: `plugin::content-manager.explorer.${action}`,
      subject: ARTICLE,
      properties: { fields: ['title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video'], locales: ['en'] },
      conditions: ['admin::is-creator'],
    })),
    ...pluginActions.map((action) => ({ action })),
  ]);
  return role.id as number;
};

describe("an account's insights: followers per day, latest numbers and top posts", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let brand: string;
  let legacy: string;
  let alice: Awaited<ReturnType<typeof createAdminSession>>;
  let stranger: Awaited<ReturnType<typeof createAdminSession>>;
  let ana: EndUser;
  let bob: EndUser;
  let anaConnection: string;
  let alicePost: { id: string; permalink: string };
  let boardPost: { id: string; permalink: string };
  let quietPost: { id: string };
  let aliceArticle: string;
  let boardArticle: string;

  const http = () => app.app.http();
  const accountInsights = (id: string, auth: Record<string, string>, query = '') => http().get(`/instagram-publisher/connections/${id}/insights${query}`).set(auth);
  const today = () => new Date().toISOString().slice(0, 10);
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox, { app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
    await grantToAuthenticated(app.strapi, ['my-insights.findAccount']);
    const profile = { username: 'sandbox_brand', name: null, accountType: 'BUSINESS', profilePictureUrl: null, biography: null, website: null, followersCount: 1500, followsCount: null, mediaCount: null };
    brand = String((await seedConnection(app.strapi, sandbox, 'sandbox_brand', { profile })).id);
    // Connected before the plugin asked for the insights permission.
    legacy = String((await seedConnection(app.strapi, sandbox, 'sandbox_creator', { scopes: ['instagram_business_basic', 'instagram_business_content_publish'] })).id);

    alice = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await authorRole(app.strapi, [READ_CONNECTIONS])] });
    stranger = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await authorRole(app.strapi, [])] });
    aliceArticle = await articleBy(app, alice, 'Alice story');
    boardArticle = await articleBy(app, { auth: app.auth }, 'Board secret plan');

    alicePost = await postedPublication(app.strapi, sandbox, { connectionId: brand, documentId: aliceArticle, locale: 'en', account: 'sandbox_brand', stats: { likes: 40, comments: 4, reach: 700 } });
    boardPost = await postedPublication(app.strapi, sandbox, { connectionId: brand, documentId: boardArticle, locale: 'en', account: 'sandbox_brand', stats: { likes: 12, comments: 1, reach: 2500 } });
    quietPost = await postedPublication(app.strapi, sandbox, { connectionId: brand, documentId: aliceArticle, locale: 'en', account: 'sandbox_brand', stats: { likes: 90, comments: 9, reach: 100 } });
    await postedPublication(app.strapi, sandbox, { connectionId: legacy, documentId: aliceArticle, locale: 'en', account: 'sandbox_creator', stats: { likes: 3, comments: 0 } });
    await postedPublication(app.strapi, sandbox, { connectionId: legacy, documentId: boardArticle, locale: 'en', account: 'sandbox_creator', stats: { likes: 30, comments: 2 } });

    ana = await registerUser(app, 'ana');
    bob = await registerUser(app, 'bob');
    anaConnection = String((await connectUser(app.strapi, sandbox, ana, 'sandbox_brand')).id);
    await postedPublication(app.strapi, sandbox, { connectionId: anaConnection, uid: 'user-post', documentId: `ana-${Date.now()}`, ownerUserId: ana.id, account: 'sandbox_brand', stats: { likes: 6, comments: 2, reach: 80 } });

    // Given the posts read by the sync, today's account snapshot taken by it, and earlier days kept by earlier runs
    const summary = await readAllInsights(app.strapi);
    expect(summary.outcomes).toMatchObject({ read: 4, reconnect: 2, failed: 0 });
    sandbox.accounts.getInstagramAccount('sandbox_brand')!.insights = { reach: 4321 };
    await insightsSync(app.strapi, new Date(), true);
    const insights = pluginStore(app.strapi).insights;
    for (const [days, followersCount, reach] of [[40, 1000, 100], [3, 1400, 300], [2, 1450, null], [1, 1480, 350]] as const) {
      await insights.putAccountSnapshot({ connectionId: brand, day: daysAgo(days), followersCount, reach, takenAt: new Date(Date.now() - days * DAY) });
    }
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('answers the followers series of the last 30 days, the latest numbers and the top posts by reach with their entries', async () => {
    const response = await accountInsights(brand, app.auth);
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(data).toMatchObject({ connectionId: brand, username: 'sandbox_brand', access: 'ok', message: null, days: 30, rankedBy: 'reach' });
    // The day 40 days back is outside the window; today's snapshot carries the profile's followers and the day's reach.
    expect(data.series).toEqual([
      { day: daysAgo(3), followers: 1400, reach: 300 },
      { day: daysAgo(2), followers: 1450, reach: null },
      { day: daysAgo(1), followers: 1480, reach: 350 },
      { day: today(), followers: 1500, reach: 4321 },
    ]);
    expect(data.latest).toEqual({ followers: 1500, reach: 4321, reachDay: today() });
    expect(data.topPosts.map((post: any) => post.publicationId)).toEqual([boardPost.id, alicePost.id, quietPost.id]);
    expect(data.topPosts[0]).toMatchObject({
      kind: 'image',
      permalink: boardPost.permalink,
      likes: 12,
      comments: 1,
      reach: 2500,
      entry: { uid: ARTICLE, documentId: boardArticle, locale: 'en', title: 'Board secret plan' },
    });
    // Never a token.
    expect(JSON.stringify(response.body)).not.toMatch(/accessToken|IGAA|EAA/);
  });

  it('reads `days` and `top` within bounds, and refuses others with a 400 naming the field', async () => {
    const short = await accountInsights(brand, app.auth, '?days=2&top=1');
    expect(short.status).toBe(200);
    expect(short.body.data.series.map((point: any) => point.day)).toEqual([daysAgo(1), today()]);
    expect(short.body.data.topPosts).toHaveLength(1);
    const year = await accountInsights(brand, app.auth, '?days=365');
    expect(year.body.data.series[0]).toEqual({ day: daysAgo(40), followers: 1000, reach: 100 });

    for (const query of ['?days=0', '?days=366', '?days=abc', '?days=2.5', '?top=0', '?top=51']) {
      const refused = await accountInsights(brand, app.auth, query);
      expect(refused.status).toBe(400);
      const field = query.slice(1).split('=')[0];
      expect(refused.body.error.details.errors[0].path).toEqual([field]);
      expect(refused.body.error.message).toContain(`${field}: must be a whole number`);
    }
    const unknown = await accountInsights(brand, app.auth, '?since=yesterday');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('"since"');
    expect((await accountInsights('not-an-id!', app.auth)).status).toBe(400);
  });

  it('refuses an admin without the connections read permission, and answers 404 for an unknown or an app user\'s connection', async () => {
    const refused = await accountInsights(brand, stranger.auth);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('sandbox_brand');
    expect((await http().get(`/instagram-publisher/connections/${brand}/insights`)).status).toBe(401);
    expect((await accountInsights('987654', app.auth)).status).toBe(404);
    expect((await accountInsights(anaConnection, app.auth)).status).toBe(404);
  });

  it('shows an entry only to an admin the Content Manager lets read it: other posts keep their numbers, without the entry', async () => {
    const response = await accountInsights(brand, alice.auth);
    expect(response.status).toBe(200);
    const [board, own, quiet] = response.body.data.topPosts;
    expect(board).toMatchObject({ publicationId: boardPost.id, reach: 2500, likes: 12, permalink: boardPost.permalink, entry: null });
    expect(own).toMatchObject({ publicationId: alicePost.id, entry: { documentId: aliceArticle, title: 'Alice story' } });
    expect(quiet).toMatchObject({ publicationId: quietPost.id, entry: { documentId: aliceArticle } });
    expect(JSON.stringify(response.body)).not.toContain('Board secret');
    expect(JSON.stringify(response.body)).not.toContain(boardArticle);
  });

  it('says "reconnect to see insights" for a connection made without the insights permission, ranking its posts by likes', async () => {
    const response = await accountInsights(legacy, app.auth);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ access: 'reconnect', message: expect.stringContaining(RECONNECT_MESSAGE), rankedBy: 'likes', latest: { reach: null } });
    expect(response.body.data.topPosts.map((post: any) => [post.likes, post.reach])).toEqual([[30, null], [3, null]]);
    // Its card says so too, and the connection with the permission does not.
    const list = await http().get('/instagram-publisher/connections').set(app.auth);
    const access = Object.fromEntries(list.body.data.map((connection: any) => [connection.id, connection.insightsAccess]));
    expect(access).toMatchObject({ [legacy]: 'reconnect', [brand]: 'ok' });
  });

  it("serves an end user their own account's insights, and another user's connection as unknown", async () => {
    const own = await http().get(`${ME}/connections/${anaConnection}/insights`).set(ana.auth);
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ connectionId: anaConnection, access: 'ok', rankedBy: 'reach' });
    expect(own.body.data.topPosts).toHaveLength(1);
    expect(own.body.data.topPosts[0]).toMatchObject({ likes: 6, comments: 2, reach: 80, entry: null });

    expect((await http().get(`${ME}/connections/${anaConnection}/insights`).set(bob.auth)).status).toBe(404);
    expect((await http().get(`${ME}/connections/${brand}/insights`).set(ana.auth)).status).toBe(404);
    expect((await http().get(`${ME}/connections/${anaConnection}/insights?days=400`).set(ana.auth)).status).toBe(400);
    expect((await http().get(`${ME}/connections/${anaConnection}/insights`)).status).toBe(401);
  });
});
