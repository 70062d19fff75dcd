import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { createAdminSession } from '../harness/admin';
import {
  ARTICLE,
  baseMapping,
  jpeg,
  listPublications,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  until,
  type PublishingApp,
} from './helpers';

const PLUGIN_ACTIONS = ['plugin::instagram-publisher.publications.read', 'plugin::instagram-publisher.publications.create'];
const CM = `/content-manager/collection-types/${ARTICLE}`;

const FIELDS = ['title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video'];

/**
 * A role with the Content Manager rules of Strapi's "Author" (read, create and update articles
 * with the "is creator" condition) in the given locales, plus the plugin's publication actions.
 */
const roleId = async (strapi: Core.Strapi, { conditions = [] as string[], locales = ['en'] } = {}) => {
  const role = await strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test role' });
  await strapi.service('admin::role').addPermissions(role.id, [
    ...['read', 'create', 'update'].map((action) => ({
      action: `plugin::content-manager.explorer.${action}`,
      subject: ARTICLE,
      properties: { fields: FIELDS, locales },
      conditions,
    })),
    ...PLUGIN_ACTIONS.map((action) => ({ action })),
  ]);
  return role.id as number;
};

describe("Content Manager permissions on the plugin's entry routes", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;
  let alice: Awaited<ReturnType<typeof createAdminSession>>;
  let bob: Awaited<ReturnType<typeof createAdminSession>>;
  let aliceArticle: string;
  let bobArticle: string;

  const http = () => app.app.http();

  /** An article created through the Content Manager by `author` (so it is theirs), then published by a super admin. */
  const articleBy = async (author: { auth: Record<string, string> }, title: string) => {
    const created = await http().post(CM).set(author.auth).send({ title, slug: `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}`, excerpt: `${title} excerpt`, cover: coverId });
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const documentId = created.body.data.documentId as string;
    const published = await http().post(`${CM}/${documentId}/actions/publish`).set(app.auth).send({});
    if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.body)}`);
    return documentId;
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const authors = await roleId(app.strapi, { conditions: ['admin::is-creator'] });
    alice = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [authors] });
    bob = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [authors] });
    aliceArticle = await articleBy(alice, 'Alice story');
    bobArticle = await articleBy(bob, 'Bob secret draft');
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('mirrors the Content Manager: Alice may read her article and not Bob’s', async () => {
    expect((await http().get(`${CM}/${aliceArticle}`).set(alice.auth)).status).toBe(200);
    expect((await http().get(`${CM}/${bobArticle}`).set(alice.auth)).status).toBe(403);
  });

  it('previews her own entry and refuses Bob’s, without his words in the answer', async () => {
    const preview = (documentId: string) =>
      http().post('/instagram-publisher/preview').set(alice.auth).send({ uid: ARTICLE, documentId, status: 'draft', mapping: { mediaFields: ['cover'], captionTemplate: '{{title}} / {{excerpt}}' } });
    const own = await preview(aliceArticle);
    expect(own.status).toBe(200);
    expect(own.body.data.caption).toBe('Alice story / Alice story excerpt');
    const other = await preview(bobArticle);
    expect(other.status).toBe(403);
    expect(other.body.error.name).toBe('ForbiddenError');
    expect(other.body.error.message).toContain(`Article "${bobArticle}"`);
    expect(JSON.stringify(other.body)).not.toContain('Bob secret');
  });

  it('previews the latest entry she may read, not the latest of all', async () => {
    // Bob's article was created last: the "latest entry" preview must still be Alice's.
    const response = await http().post('/instagram-publisher/preview').set(alice.auth).send({ uid: ARTICLE, mapping: { mediaFields: ['cover'], captionTemplate: '{{title}}' } });
    expect(response.status).toBe(200);
    expect(response.body.data.caption).toBe('Alice story');
  });

  it('posts her own entry now and refuses Bob’s, queueing nothing for it', async () => {
    const refused = await http().post('/instagram-publisher/publications').set(alice.auth).send({ uid: ARTICLE, documentId: bobArticle });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`Article "${bobArticle}"`);
    expect(await listPublications(app.strapi, { documentId: bobArticle })).toEqual([]);

    const own = await http().post('/instagram-publisher/publications').set(alice.auth).send({ uid: ARTICLE, documentId: aliceArticle });
    expect(own.status).toBe(201);
    await settled(app.strapi, aliceArticle);
    expect((await listPublications(app.strapi, { documentId: aliceArticle }))[0].status).toBe('published');
  });

  it('schedules her own entry and refuses to schedule Bob’s', async () => {
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const refused = await http().post('/instagram-publisher/publications').set(alice.auth).send({ uid: ARTICLE, documentId: bobArticle, scheduledAt });
    expect(refused.status).toBe(403);
    expect(await listPublications(app.strapi, { documentId: bobArticle })).toEqual([]);
    const own = await http().post('/instagram-publisher/publications').set(alice.auth).send({ uid: ARTICLE, documentId: aliceArticle, scheduledAt, confirmDuplicate: true });
    expect(own.status).toBe(201);
    expect(own.body.data).toMatchObject({ status: 'queued', trigger: 'schedule' });
    // Cleaning up through the route also checks her rights: her own scheduled post can be cancelled.
    expect((await http().post(`/instagram-publisher/publications/${own.body.data.id}/cancel`).set(alice.auth).send({})).status).toBe(200);
  });

  it('refuses to retry or cancel a post of Bob’s entry, and retries her own', async () => {
    // Given a scheduled post of Bob's entry (made by a super admin) and a cancelled post of Alice's
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const bobs = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: bobArticle, scheduledAt });
    expect(bobs.status).toBe(201);
    expect((await http().post(`/instagram-publisher/publications/${bobs.body.data.id}/cancel`).set(alice.auth).send({})).status).toBe(403);
    expect((await listPublications(app.strapi, { documentId: bobArticle }))[0].status).toBe('queued');
    expect((await http().post(`/instagram-publisher/publications/${bobs.body.data.id}/cancel`).set(app.auth).send({})).status).toBe(200);
    // When Alice retries Bob's cancelled post: refused, and it stays cancelled
    const retryBob = await http().post(`/instagram-publisher/publications/${bobs.body.data.id}/retry`).set(alice.auth).send({});
    expect(retryBob.status).toBe(403);
    expect((await listPublications(app.strapi, { documentId: bobArticle }))[0].status).toBe('cancelled');
    // Her own cancelled post can be retried (it was posted before: she confirms)
    const alices = await http().post('/instagram-publisher/publications').set(alice.auth).send({ uid: ARTICLE, documentId: aliceArticle, scheduledAt, confirmDuplicate: true });
    await http().post(`/instagram-publisher/publications/${alices.body.data.id}/cancel`).set(alice.auth).send({});
    const retryOwn = await http().post(`/instagram-publisher/publications/${alices.body.data.id}/retry`).set(alice.auth).send({ confirmDuplicate: true });
    expect(retryOwn.status).toBe(200);
    expect((await until(app.strapi, alices.body.data.id, ['published', 'failed'])).status).toBe('published');
  });

  it('lists every post but withholds the words of entries she may not read', async () => {
    const response = await http().get('/instagram-publisher/publications').query({ uid: ARTICLE, pageSize: 100 }).set(alice.auth);
    expect(response.status).toBe(200);
    const rows = response.body.data as Array<Record<string, any>>;
    const bobsRows = rows.filter((row) => row.documentId === bobArticle);
    const alicesRows = rows.filter((row) => row.documentId === aliceArticle);
    expect(bobsRows.length).toBeGreaterThan(0);
    expect(bobsRows.every((row) => row.restricted === true && row.caption === null && row.entryTitle === null)).toBe(true);
    expect(alicesRows.every((row) => row.restricted === false && row.entryTitle === 'Alice story')).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('Bob secret');
  });

  it('applies the role’s locales: an English-only editor may not preview or post the French version', async () => {
    await app.strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
    const documents = app.strapi.documents(ARTICLE as any) as any;
    const article = await documents.create({ data: { title: 'Hello', slug: `hello-${Date.now()}`, cover: coverId } });
    await documents.update({ documentId: article.documentId, locale: 'fr', data: { title: 'Bonjour', slug: `bonjour-${Date.now()}`, cover: coverId } });
    await documents.publish({ documentId: article.documentId, locale: '*' });
    const english = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleId(app.strapi, { locales: ['en'] })] });
    const preview = (locale: string) =>
      http().post('/instagram-publisher/preview').set(english.auth).send({ uid: ARTICLE, documentId: article.documentId, locale, mapping: { mediaFields: ['cover'], captionTemplate: '{{title}}' } });
    expect((await preview('en')).body.data?.caption).toBe('Hello');
    const french = await preview('fr');
    expect(french.status).toBe(403);
    expect(french.body.error.message).toContain('(fr)');
    const post = await http().post('/instagram-publisher/publications').set(english.auth).send({ uid: ARTICLE, documentId: article.documentId, locale: 'fr' });
    expect(post.status).toBe(403);
    expect(await listPublications(app.strapi, { documentId: article.documentId })).toEqual([]);
  });
});
