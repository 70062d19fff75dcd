import type { Sandbox } from '../../sandbox';
import { createAdminSession } from '../harness/admin';
import { capturedLogs } from '../harness/logs';
import {
  ARTICLE,
  baseMapping,
  createArticle,
  getPublication,
  jpeg,
  listPublications,
  publishArticle,
  publishCalls,
  putMappings,
  seedConnection,
  setWorkerConfig,
  FAST_WORKER,
  settled,
  startFastSandbox,
  startPublishingApp,
  until,
  waitFor,
  type PublishingApp,
} from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('what queues a publication: the publish hook, the admin routes, schedules, cancel and retry', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    await app.strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.clearCalls();
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
  });

  it('queues on publish, not on save, and posts once', async () => {
    // Given a draft article that is created and saved again
    const article = await createArticle(app.strapi, { title: 'Draft only', cover: coverId });
    await (app.strapi.documents(ARTICLE as any) as any).update({ documentId: article.documentId, data: { excerpt: 'edited' } });
    await sleep(300);
    // Then nothing is queued
    expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
    // When it is published
    await publishArticle(app.strapi, article.documentId);
    // Then exactly one post goes out
    const rows = await settled(app.strapi, article.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'published', trigger: 'publish', locale: 'en' });
    expect(publishCalls(sandbox)).toHaveLength(1);
  });

  it('never breaks the editor\'s publish: a failure to queue is logged and the entry stays published', async () => {
    // Given a queue write that fails
    const publications = app.strapi.plugin('instagram-publisher').service('publications') as any;
    const original = publications.enqueueFromPublish;
    publications.enqueueFromPublish = async () => {
      throw new Error('database unavailable');
    };
    try {
      const article = await createArticle(app.strapi, { title: 'Still published', cover: coverId });
      // When the entry is published
      const result = await publishArticle(app.strapi, article.documentId);
      // Then the publish succeeds and the entry is live
      expect(result.entries).toHaveLength(1);
      const live = await (app.strapi.documents(ARTICLE as any) as any).findOne({ documentId: article.documentId, status: 'published' });
      expect(live.title).toBe('Still published');
      // And the failure is logged, naming the entry
      await waitFor(async () => capturedLogs().some((line) => line.includes(`could not queue the Instagram post of ${ARTICLE} ${article.documentId}`) && line.includes('database unavailable')), { what: 'the log line' });
      expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
    } finally {
      publications.enqueueFromPublish = original;
    }
  });

  it('queues when the entry is published from the admin panel (Content Manager route), and wakes the worker once that transaction commits', async () => {
    // Given a worker whose periodic scan is a minute away: only the publish's wake-up can start the post
    setWorkerConfig(app.strapi, { scanIntervalMs: 60_000 });
    try {
      await sleep(600);
      const article = await createArticle(app.strapi, { title: 'From the admin button', cover: coverId });
      // When an editor clicks Publish (the Content Manager publishes inside its own transaction)
      const response = await app.app.http().post(`/content-manager/collection-types/${ARTICLE}/${article.documentId}/actions/publish`).query({ locale: 'en' }).set(app.auth).send({});
      expect(response.status).toBe(200);
      // Then the post goes out well before the next scan
      const [publication] = await settled(app.strapi, article.documentId, { timeoutMs: 15_000 });
      expect(publication).toMatchObject({ status: 'published', trigger: 'publish', locale: 'en' });
    } finally {
      setWorkerConfig(app.strapi, { scanIntervalMs: FAST_WORKER.scanIntervalMs });
    }
  });

  it('queues and posts nothing when the publish is rolled back with the transaction it ran in', async () => {
    const article = await createArticle(app.strapi, { title: 'Rolled back', cover: coverId });
    // When the entry is published inside a transaction (as the Content Manager publishes) that then fails
    await expect(
      app.strapi.db.transaction(async () => {
        await publishArticle(app.strapi, article.documentId);
        // Time enough for a worker woken too early to claim the row inside this transaction
        await sleep(300);
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');
    await sleep(500);
    // Then the entry is not live, nothing is queued, and Instagram was never called
    expect(await (app.strapi.documents(ARTICLE as any) as any).findOne({ documentId: article.documentId, status: 'published' })).toBeNull();
    expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
    expect(sandbox.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('does not queue anything when auto-publish is off', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Manual only', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    await sleep(300);
    expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
  });

  it('queues one post per published locale', async () => {
    const article = await createArticle(app.strapi, { title: 'Bread', cover: coverId });
    await (app.strapi.documents(ARTICLE as any) as any).update({ documentId: article.documentId, locale: 'fr', data: { title: 'Pain', cover: coverId } });
    await publishArticle(app.strapi, article.documentId, '*');
    const rows = await settled(app.strapi, article.documentId, { count: 2 });
    expect(rows.map((row) => [row.locale, row.status, row.caption.split('\n')[0]]).sort()).toEqual([
      ['en', 'published', 'Bread'],
      ['fr', 'published', 'Pain'],
    ]);
  });

  it('does not post an unchanged entry again on re-publish, but does when an editor asks and confirms', async () => {
    // Given an entry already posted
    const article = await createArticle(app.strapi, { title: 'Once', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    await settled(app.strapi, article.documentId);
    // When it is published again without changes
    await publishArticle(app.strapi, article.documentId);
    const rows = await settled(app.strapi, article.documentId, { count: 2 });
    // Then the second publication is skipped with the reason
    const skipped = rows.find((row) => row.status === 'cancelled');
    expect(skipped.error.message).toMatch(/has not changed since it was last posted/);
    expect(publishCalls(sandbox)).toHaveLength(1);
    // When an editor asks for it, they are first told it is already on the account, with its link
    const asked = await app.app.http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId });
    expect(asked.status).toBe(409);
    expect(asked.body.error).toMatchObject({ name: 'DuplicatePostError', details: { existing: { status: 'published', username: 'sandbox_brand' } } });
    expect(asked.body.error.message).toMatch(/already posted to @sandbox_brand on \d{4}-\d{2}-\d{2}/);
    expect(asked.body.error.details.existing.permalink).toBeTruthy();
    // When they confirm
    const response = await app.app.http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId, confirmDuplicate: true });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ status: 'queued', trigger: 'manual', connectionId, connection: { username: 'sandbox_brand', connected: true } });
    // Then it is posted again
    await until(app.strapi, response.body.data.id, ['published']);
    expect(publishCalls(sandbox)).toHaveLength(2);
  });

  it('posts an edited caption when the editor gives one', async () => {
    const article = await createArticle(app.strapi, { title: 'Caption test', cover: coverId });
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    await publishArticle(app.strapi, article.documentId);
    const response = await app.app.http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId, locale: 'en', caption: 'Hand-written caption #bread' });
    expect(response.status).toBe(201);
    const done = await until(app.strapi, response.body.data.id, ['published', 'failed']);
    expect(done.status).toBe('published');
    expect((sandbox.lastCall({ method: 'POST', path: /\/media$/ })!.body as any).caption).toBe('Hand-written caption #bread');
  });

  it('schedules a post at a time given with a timezone, stored in UTC, and posts it then', async () => {
    // Given a published entry (auto-publish off) and a time 1.5 s ahead written in UTC+02:00
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Later', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const at = new Date(Date.now() + 1500);
    const local = new Date(at.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    // When the editor schedules it
    const response = await app.app.http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId, scheduledAt: local });
    // Then it waits, queued, until that instant
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ status: 'queued', trigger: 'schedule', scheduledAt: at.toISOString() });
    await sleep(500);
    expect((await getPublication(app.strapi, response.body.data.id)).status).toBe('queued');
    const done = await until(app.strapi, response.body.data.id, ['published']);
    expect(done.publishedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
  });

  it('cancels a scheduled post, refuses what cannot be cancelled or retried (409), and retries a cancelled one', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Cancel me', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const created = await app.app.http().post('/instagram-publisher/publications').set(app.auth)
      .send({ uid: ARTICLE, documentId: article.documentId, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    const id = created.body.data.id;
    // When the editor cancels it
    const cancelled = await app.app.http().post(`/instagram-publisher/publications/${id}/cancel`).set(app.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', error: { message: 'Cancelled by an editor.' } });
    // Then cancelling again is a conflict
    const again = await app.app.http().post(`/instagram-publisher/publications/${id}/cancel`).set(app.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/cannot be cancelled/);
    // When it is retried, it goes out now
    const retried = await app.app.http().post(`/instagram-publisher/publications/${id}/retry`).set(app.auth);
    expect(retried.status).toBe(200);
    expect(retried.body.data.status).toBe('queued');
    await until(app.strapi, id, ['published']);
    // And a published post can be neither retried nor cancelled
    expect((await app.app.http().post(`/instagram-publisher/publications/${id}/retry`).set(app.auth)).status).toBe(409);
    expect((await app.app.http().post(`/instagram-publisher/publications/${id}/cancel`).set(app.auth)).status).toBe(409);
    // And an unknown id is a 404
    expect((await app.app.http().post('/instagram-publisher/publications/999999/retry').set(app.auth)).status).toBe(404);
  });

  it('names each entry by its title, and records the account of an "ask" post when it is scheduled', async () => {
    // Given a mapping that asks for the account, with one account connected
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId: null, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Named in the list', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    // When the editor schedules it
    const created = await app.app.http().post('/instagram-publisher/publications').set(app.auth)
      .send({ uid: ARTICLE, documentId: article.documentId, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    // Then the only account is recorded at once, and the entry is named by its title
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ connectionId, connection: { username: 'sandbox_brand' }, entryTitle: 'Named in the list' });
    const listed = await app.app.http().get('/instagram-publisher/publications').query({ documentId: article.documentId }).set(app.auth);
    expect(listed.body.data.map((view: any) => view.entryTitle)).toEqual(['Named in the list']);
    // And an entry deleted since is listed without a title
    await (app.strapi.documents(ARTICLE as any) as any).delete({ documentId: article.documentId });
    const after = await app.app.http().get('/instagram-publisher/publications').query({ documentId: article.documentId }).set(app.auth);
    expect(after.body.data).toEqual([expect.objectContaining({ documentId: article.documentId, entryTitle: null })]);
    await app.app.http().post(`/instagram-publisher/publications/${created.body.data.id}/cancel`).set(app.auth);
  });

  it('lists publications with filters and pagination, without tokens', async () => {
    const response = await app.app.http().get('/instagram-publisher/publications').query({ uid: ARTICLE, status: 'published', page: 1, pageSize: 2 }).set(app.auth);
    expect(response.status).toBe(200);
    expect(response.body.data.length).toBeLessThanOrEqual(2);
    expect(response.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(response.body.meta.pagination.total).toBeGreaterThan(2);
    expect(response.body.data.every((view: any) => view.status === 'published' && view.permalink && view.connection.username === 'sandbox_brand')).toBe(true);
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/accessToken|leaseOwner|IGAA/);
    for (const call of sandbox.calls) if (call.token) expect(text).not.toContain(call.token);
  });

  it('guards the routes with RBAC', async () => {
    // Without a session: 401
    expect((await app.app.http().get('/instagram-publisher/publications')).status).toBe(401);
    expect((await app.app.http().get('/instagram-publisher/settings')).status).toBe(401);
    // An editor without the plugin's permissions: 403
    const editor = await createAdminSession(app.strapi, { roleCodes: ['strapi-editor'] });
    expect((await app.app.http().get('/instagram-publisher/publications').set(editor.auth)).status).toBe(403);
    expect((await app.app.http().post('/instagram-publisher/publications').set(editor.auth).send({})).status).toBe(403);
    expect((await app.app.http().put('/instagram-publisher/settings').set(editor.auth).send({ mappings: {} })).status).toBe(403);
  });

  it('lets a front end read permalinks once the role is granted the content-API action', async () => {
    // Given a posted entry
    const article = await createArticle(app.strapi, { title: 'Public', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const [posted] = await settled(app.strapi, article.documentId);
    const path = `/api/instagram-publisher/permalinks?uid=${ARTICLE}&documentId=${article.documentId}`;
    // Then the public role cannot read it by default
    expect((await app.app.http().get(path)).status).toBe(403);
    // When the public role is granted the action
    const publicRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'plugin::instagram-publisher.permalinks.find', role: publicRole.id } });
    // Then the permalink is readable
    const response = await app.app.http().get(path);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      { permalink: posted.permalink, mediaId: posted.mediaId, kind: 'image', locale: 'en', publishedAt: posted.publishedAt.toISOString(), username: 'sandbox_brand' },
    ]);
    // And malformed queries are a 400 naming the field
    const bad = await app.app.http().get('/api/instagram-publisher/permalinks?uid=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/uid/);
  });
});
