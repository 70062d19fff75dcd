import type { Sandbox } from '../../sandbox';
import {
  ARTICLE,
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
  until,
  type PublishingApp,
} from './helpers';

describe('never posting the same thing twice: stale retries, double clicks, confirmed repeats', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;

  const http = () => app.app.http();
  const documents = () => app.strapi.documents(ARTICLE as any) as any;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox, { worker: { concurrency: 4 } });
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.clearCalls();
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
  });

  it('refuses a stale Retry once the fixed entry was posted, naming the post, and posts again only when confirmed', async () => {
    // Given an article published without a cover: its post fails
    const article = await createArticle(app.strapi, { title: 'No cover yet' });
    await publishArticle(app.strapi, article.documentId);
    const [failed] = await settled(app.strapi, article.documentId);
    expect(failed.status).toBe('failed');
    expect(failed.error.message).toMatch(/no image or video/);
    // And the editor adds a cover and publishes again: that one is posted
    await documents().update({ documentId: article.documentId, data: { cover: coverId } });
    await publishArticle(app.strapi, article.documentId);
    const rows = await settled(app.strapi, article.documentId, { count: 2 });
    const posted = rows.find((row) => row.status === 'published');
    expect(posted).toBeTruthy();
    expect(publishCalls(sandbox)).toHaveLength(1);

    // When the editor clicks the old failed row's Retry
    const retry = await http().post(`/instagram-publisher/publications/${failed.id}/retry`).set(app.auth).send({});
    // Then it is refused, naming the existing post, and nothing is queued or posted
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({
      name: 'DuplicatePostError',
      details: { existing: { id: posted.id, status: 'published', permalink: posted.permalink, username: 'sandbox_brand' } },
    });
    expect(retry.body.error.message).toContain(posted.permalink);
    expect((await listPublications(app.strapi, { documentId: article.documentId })).find((row) => row.id === failed.id).status).toBe('failed');
    expect(publishCalls(sandbox)).toHaveLength(1);

    // When the editor confirms
    const confirmed = await http().post(`/instagram-publisher/publications/${failed.id}/retry`).set(app.auth).send({ confirmDuplicate: true });
    expect(confirmed.status).toBe(200);
    // Then it is posted a second time, as asked
    expect((await until(app.strapi, failed.id, ['published', 'failed', 'cancelled'])).status).toBe('published');
    expect(publishCalls(sandbox)).toHaveLength(2);
  });

  it('posts once when "Publish now" is sent twice at the same moment: the second is cancelled, saying why', async () => {
    // Given a published entry that was never posted (auto-publish off)
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Double click', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    // When two requests arrive together (both pass the route's check: neither is prepared yet)
    const [first, second] = await Promise.all(
      [1, 2].map(() => http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId })),
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    // Then exactly one goes out; the other is cancelled naming the post
    const rows = await settled(app.strapi, article.documentId, { count: 2 });
    expect(rows.map((row) => row.status).sort()).toEqual(['cancelled', 'published']);
    const cancelled = rows.find((row) => row.status === 'cancelled');
    expect(cancelled.error).toMatchObject({ class: 'duplicate' });
    expect(cancelled.error.message).toMatch(/already (posted to|on its way to) @sandbox_brand/);
    expect(publishCalls(sandbox)).toHaveLength(1);
    // And a third "Publish now" is refused at once with 409
    const third = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId });
    expect(third.status).toBe(409);
  });

  it('treats another caption as another post', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Two captions', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const first = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId });
    await until(app.strapi, first.body.data.id, ['published']);
    const other = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId, caption: 'A different caption' });
    expect(other.status).toBe(201);
    expect((await until(app.strapi, other.body.data.id, ['published', 'cancelled', 'failed'])).status).toBe('published');
    expect(publishCalls(sandbox)).toHaveLength(2);
  });

  it('refuses a scheduled time that has passed with 400 naming scheduledAt, and queues nothing', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Too late', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const response = await http()
      .post('/instagram-publisher/publications')
      .set(app.auth)
      .send({ uid: ARTICLE, documentId: article.documentId, scheduledAt: new Date(Date.now() - 60_000).toISOString() });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['scheduledAt']);
    expect(response.body.error.message).toMatch(/already passed/);
    expect(response.body.error.message).not.toMatch(/scheduledAt/);
    expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
  });

  it('keeps showing the account a post went to after the account is disconnected', async () => {
    const article = await createArticle(app.strapi, { title: 'Before the disconnect', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    await settled(app.strapi, article.documentId);
    const disconnected = await http().delete(`/instagram-publisher/connections/${connectionId}`).set(app.auth);
    expect(disconnected.status).toBe(200);
    const list = await http().get('/instagram-publisher/publications').query({ documentId: article.documentId }).set(app.auth);
    expect(list.body.data[0]).toMatchObject({ status: 'published', connection: { username: 'sandbox_brand', connected: false } });
    // When the same account is connected again (a new connection row), the entry still counts as posted there
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    const again = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId, connectionId });
    expect(again.status).toBe(409);
    expect(again.body.error.details.existing).toMatchObject({ status: 'published', username: 'sandbox_brand' });
  });
});
