import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { ARTICLE, createArticle, publishArticle, seedConnection, startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import { registerUser } from '../end-users/post-helpers';
import { pluginStore, postedPublication, readAllInsights } from './helpers';

const COUNTS = '/api/instagram-publisher/permalinks/counts';

const setPublicGrant = async (strapi: Core.Strapi, action: string, granted: boolean) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  const uid = `plugin::instagram-publisher.${action}`;
  if (granted) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action: uid, role: role.id } });
  else await strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { role: role.id, action: uid } });
};

describe("public counts of an entry's posts, for front ends", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let brand: string;
  let published: string;
  let draft: string;
  let post: { id: string; mediaId: string; permalink: string };

  const http = () => app.app.http();
  const counts = (documentId: string, extra = '') => http().get(`${COUNTS}?uid=${ARTICLE}&documentId=${documentId}${extra}`);
  const service = () => app.strapi.plugin('instagram-publisher').service('publicCounts') as any;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox, { app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
    brand = String((await seedConnection(app.strapi, sandbox, 'sandbox_brand')).id);
    published = (await createArticle(app.strapi, { title: 'Public story' })).documentId;
    await publishArticle(app.strapi, published);
    draft = (await createArticle(app.strapi, { title: 'Not out yet' })).documentId;

    post = await postedPublication(app.strapi, sandbox, { connectionId: brand, documentId: published, locale: 'en', account: 'sandbox_brand', stats: { likes: 21, comments: 5, reach: 4000 } });
    await postedPublication(app.strapi, sandbox, { connectionId: brand, documentId: draft, locale: 'en', account: 'sandbox_brand', stats: { likes: 9, comments: 1, reach: 50 } });
    // An app user's own post that names the same entry: never public through this route.
    const ana = await registerUser(app, 'ana');
    const anaConnection = String((await seedConnection(app.strapi, sandbox, 'sandbox_creator', { ownerKind: 'user', userId: ana.id, connectedByName: null })).id);
    await postedPublication(app.strapi, sandbox, { connectionId: anaConnection, documentId: published, locale: 'en', ownerUserId: ana.id, account: 'sandbox_creator', stats: { likes: 777, comments: 77, reach: 7 } });
    await readAllInsights(app.strapi);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.stop();
    await sandbox?.close();
  });

  it('is closed until the public role is granted its own permission (the permalinks grant does not open it)', async () => {
    expect((await counts(published)).status).toBe(403);
    await setPublicGrant(app.strapi, 'permalinks.find', true);
    expect((await http().get(`/api/instagram-publisher/permalinks?uid=${ARTICLE}&documentId=${published}`)).status).toBe(200);
    expect((await counts(published)).status).toBe(403);
    await setPublicGrant(app.strapi, 'public-counts.find', true);
    expect((await counts(published)).status).toBe(200);
  });

  it("answers the admin side's posts of a published entry with likes and comments only, and a Cache-Control header", async () => {
    service().clearCache();
    const response = await counts(published);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.body.data).toEqual([
      {
        permalink: post.permalink,
        mediaId: post.mediaId,
        kind: 'image',
        locale: 'en',
        publishedAt: expect.any(String),
        likes: 21,
        comments: 5,
        countedAt: expect.any(String),
      },
    ]);
    // Never reach or the app user's post.
    expect(JSON.stringify(response.body)).not.toMatch(/reach|4000|777/);
    // In the entry's locale too; another locale has none.
    expect((await counts(published, '&locale=en')).body.data).toHaveLength(1);
    expect((await counts(published, '&locale=fr')).body.data).toEqual([]);
  });

  it('answers nothing for a draft or an unknown entry, and 400 naming the field for bad input', async () => {
    expect((await counts(draft)).body).toEqual({ data: [] });
    expect((await counts('nosuchdocument0000000000')).body).toEqual({ data: [] });
    const badUid = await http().get(`${COUNTS}?uid=plugin::users-permissions.user&documentId=${published}`);
    expect(badUid.status).toBe(400);
    expect(badUid.body.error.details.errors[0].path).toEqual(['uid']);
    const unknownType = await http().get(`${COUNTS}?uid=api::nothing.nothing&documentId=${published}`);
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.message).toContain('uid');
    const missing = await http().get(`${COUNTS}?uid=${ARTICLE}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['documentId']);
  });

  it('serves a cached answer within the TTL without reading the store, and fresh numbers after it', async () => {
    service().clearCache();
    const insights = pluginStore(app.strapi).insights;
    const reads = jest.spyOn(insights, 'publishedPosts');
    expect((await counts(published)).body.data[0].likes).toBe(21);
    expect(reads).toHaveBeenCalledTimes(1);

    // Given newer numbers stored by a later sync
    sandbox.getMedia(post.mediaId)!.stats = { likes: 50, comments: 8, reach: 9000 };
    await app.strapi.db.query('plugin::instagram-publisher.publication' as any).update({
      where: { id: Number(post.id) },
      data: { insights: { likes: 50, comments: 8, metrics: { reach: 9000 }, status: 'ok', message: null } },
    });
    // Within the TTL: the cached answer, no store read, no Graph call
    sandbox.clearCalls();
    for (let i = 0; i < 5; i += 1) expect((await counts(published)).body.data[0].likes).toBe(21);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(sandbox.findCalls({})).toHaveLength(0);

    // Past the TTL: read again, once
    const realNow = Date.now;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    try {
      const fresh = await counts(published);
      expect(fresh.body.data[0]).toMatchObject({ likes: 50, comments: 8 });
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      (Date.now as jest.Mock).mockRestore();
    }
    expect(sandbox.findCalls({})).toHaveLength(0);
    reads.mockRestore();
  });
});
