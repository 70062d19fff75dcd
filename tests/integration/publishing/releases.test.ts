import path from 'node:path';
import type { Sandbox } from '../../sandbox';
import { REPO_ROOT } from '../harness/paths';
import {
  ARTICLE,
  baseMapping,
  createArticle,
  jpeg,
  listPublications,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  type PublishingApp,
} from './helpers';

const PAGE = 'api::page.page';

/**
 * Content Releases ship with Strapi 5.54 but switch themselves on only under a license that lists
 * the `cms-content-releases` feature (Enterprise, or a Growth plan): without one, the plugin
 * registers neither its services nor its routes (@strapi/content-releases/dist/server/index.js).
 * No license can be made here, so this file answers Strapi's feature check as a licensed install
 * would, and nothing else: the releases, their HTTP routes and their publish are Strapi's own code.
 */
const EE_MODULE = path.join(REPO_ROOT, 'node_modules', '@strapi', 'core', 'dist', 'ee', 'index.js');
jest.doMock(EE_MODULE, () => {
  const actual = jest.requireActual(EE_MODULE);
  const licensed = (name: string) => name === 'cms-content-releases';
  const features = Object.freeze({
    list: () => [...actual.features.list(), { name: 'cms-content-releases' }],
    get: (name: string) => (licensed(name) ? { name } : actual.features.get(name)),
    isEnabled: (name: string) => licensed(name) || actual.features.isEnabled(name),
  });
  // The real module is frozen: a copy delegating every other member (getters included) to it.
  const copy: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(actual)) {
    if (key !== 'features') Object.defineProperty(copy, key, { get: () => actual[key], enumerable: true });
  }
  return Object.assign(copy, { features });
});

describe('Content Releases: a published release queues one post per mapped entry, a failed one none', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let coverId: number;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    const connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    // Articles are mapped and post on publish; pages (a type with media too) are not mapped
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  /** Strapi's own admin routes, as the Releases screens call them. */
  const releases = {
    create: async (name: string) => {
      const response = await app.app.http().post('/content-releases/').set(app.auth).send({ name, scheduledAt: null, timezone: null });
      expect(response.status).toBe(201);
      return response.body.data.id as number;
    },
    add: async (releaseId: number, contentType: string, entryDocumentId: string, locale?: string) => {
      const response = await app.app.http().post(`/content-releases/${releaseId}/actions`).set(app.auth).send({ contentType, entryDocumentId, type: 'publish', ...(locale ? { locale } : {}) });
      expect(response.status).toBe(201);
    },
    publish: (releaseId: number) => app.app.http().post(`/content-releases/${releaseId}/publish`).set(app.auth).send({}),
  };

  const createPage = (title: string | null) => (app.strapi.documents(PAGE as any) as any).create({ data: { title, cover: coverId } });
  const isPublished = async (uid: string, documentId: string) => Boolean(await (app.strapi.documents(uid as any) as any).findOne({ documentId, status: 'published' }));
  const queuedFor = (documentIds: string[]) => Promise.all(documentIds.map((documentId) => listPublications(app.strapi, { documentId }))).then((lists) => lists.flat());

  it('runs with the feature a license would enable; Strapi Community alone does not serve releases', () => {
    // The real license check, untouched by this file's stand-in, refuses the feature without a license
    expect(jest.requireActual(EE_MODULE).features.isEnabled('cms-content-releases')).toBe(false);
    expect(app.strapi.ee.features.isEnabled('cms-content-releases')).toBe(true);
    expect(app.strapi.plugin('content-releases').service('release')).toBeDefined();
  });

  it('publishes two mapped articles and one unmapped page, and queues exactly two posts, which go out', async () => {
    // Given a release holding two article drafts (mapped) and a page draft (not mapped)
    const first = await createArticle(app.strapi, { title: 'Spring opening', excerpt: 'From March 1st.', cover: coverId });
    const second = await createArticle(app.strapi, { title: 'New terrace', excerpt: 'Forty seats in the sun.', cover: coverId });
    const page = await createPage('Opening hours');
    const releaseId = await releases.create('Spring launch');
    await releases.add(releaseId, ARTICLE, first.documentId, 'en');
    await releases.add(releaseId, ARTICLE, second.documentId, 'en');
    await releases.add(releaseId, PAGE, page.documentId);
    expect(await queuedFor([first.documentId, second.documentId, page.documentId])).toEqual([]);

    // When the release is published through Strapi's releases API
    const response = await releases.publish(releaseId);

    // Then all three entries are live
    expect(response.status).toBe(200);
    expect(response.body.meta).toMatchObject({ totalEntries: 3, totalPublishedEntries: 3 });
    for (const [uid, documentId] of [[ARTICLE, first.documentId], [ARTICLE, second.documentId], [PAGE, page.documentId]]) {
      expect(await isPublished(uid, documentId)).toBe(true);
    }
    // And exactly one post per mapped entry was queued, none for the page, and both are posted
    const posts = [...(await settled(app.strapi, first.documentId)), ...(await settled(app.strapi, second.documentId))];
    expect(posts.map((post) => ({ uid: post.uid, trigger: post.trigger, status: post.status }))).toEqual([
      { uid: ARTICLE, trigger: 'publish', status: 'published' },
      { uid: ARTICLE, trigger: 'publish', status: 'published' },
    ]);
    expect(await listPublications(app.strapi, { uid: PAGE })).toEqual([]);
    expect(await queuedFor([first.documentId, second.documentId, page.documentId])).toHaveLength(2);
  });

  it('queues nothing when the release fails to publish', async () => {
    // Given a release whose first entry cannot be published (an article draft without its required title)
    // followed by a valid article and a page
    const broken = await createArticle(app.strapi, { title: null as unknown as string, cover: coverId });
    const valid = await createArticle(app.strapi, { title: 'Summer menu', cover: coverId });
    const page = await createPage('Menu');
    const releaseId = await releases.create('Summer launch');
    await releases.add(releaseId, ARTICLE, broken.documentId, 'en');
    await releases.add(releaseId, ARTICLE, valid.documentId, 'en');
    await releases.add(releaseId, PAGE, page.documentId);

    // When the release is published
    const response = await releases.publish(releaseId);

    // Then Strapi refuses it and marks it failed
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
    const release = await app.app.http().get(`/content-releases/${releaseId}`).set(app.auth);
    expect(release.body.data.status).toBe('failed');
    // And nothing was published, so nothing was queued, now or later
    for (const [uid, documentId] of [[ARTICLE, broken.documentId], [ARTICLE, valid.documentId], [PAGE, page.documentId]]) {
      expect(await isPublished(uid, documentId)).toBe(false);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await queuedFor([broken.documentId, valid.documentId, page.documentId])).toEqual([]);
  });

  it('queues a post exactly for each entry Strapi left published when a release fails part-way', async () => {
    // Strapi 5.54 publishes a release's entries inside the transaction that also records the failure
    // (release.js: the inner transaction joins the outer one, which commits), so entries published
    // before the failing one stay published. Their posts share their publish's transaction.
    // Given a release whose valid article comes before the one that cannot be published
    const valid = await createArticle(app.strapi, { title: 'Autumn menu', cover: coverId });
    const broken = await createArticle(app.strapi, { title: null as unknown as string, cover: coverId });
    const releaseId = await releases.create('Autumn launch');
    await releases.add(releaseId, ARTICLE, valid.documentId, 'en');
    await releases.add(releaseId, ARTICLE, broken.documentId, 'en');

    // When the release is published and fails on the second article
    const response = await releases.publish(releaseId);
    expect(response.status).toBe(400);

    // Then the article Strapi did publish has its one post, and the other none
    expect(await isPublished(ARTICLE, valid.documentId)).toBe(true);
    expect(await isPublished(ARTICLE, broken.documentId)).toBe(false);
    expect((await settled(app.strapi, valid.documentId)).map((post) => post.status)).toEqual(['published']);
    expect(await listPublications(app.strapi, { documentId: broken.documentId })).toEqual([]);
  });
});
