import type { Sandbox } from '../../sandbox';
import {
  ARTICLE,
  baseMapping,
  createArticle,
  getPublication,
  jpeg,
  listPublications,
  publishArticle,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  type PublishingApp,
} from '../publishing/helpers';

describe('moderating comments through a Facebook Login connection', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let pageToken: string;
  let post: { id: string; mediaId: string };

  const http = () => app.app.http();
  const base = () => `/instagram-publisher/publications/${post.id}`;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    const page = sandbox.issueToken({ kind: 'facebook-page', page: 'sandbox_bakery' });
    pageToken = page.accessToken;
    const connection = await seedConnection(app.strapi, sandbox, 'sandbox_bakery', {
      loginKind: 'facebook',
      accessToken: page.accessToken,
      scopes: page.scopes,
      tokenExpiresAt: null,
    });
    const cover = await jpeg(app.strapi, 1080, 1080);
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId: connection.id, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'Bread', cover: cover.id });
    await publishArticle(app.strapi, article.documentId);
    const posted = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId: article.documentId });
    expect(posted.status).toBe(201);
    await settled(app.strapi, article.documentId);
    const [publication] = await listPublications(app.strapi, { documentId: article.documentId });
    expect(publication.status).toBe('published');
    post = { id: String(publication.id), mediaId: String(publication.mediaId) };
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('lists, replies, hides and deletes on graph.facebook.com, each call signed with appsecret_proof', async () => {
    const comment = sandbox.addComment(post.mediaId, { text: 'Fresh?', username: 'hungry' });
    const listed = await http().get(`${base()}/comments`).set(app.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((c: { text: string }) => c.text)).toEqual(['Fresh?']);
    expect((await http().post(`${base()}/comments/${comment}/replies`).set(app.auth).send({ message: 'Every morning' })).status).toBe(201);
    expect((await http().post(`${base()}/comments/${comment}/hide`).set(app.auth).send({ hidden: true })).status).toBe(200);
    expect((await http().delete(`${base()}/comments/${comment}`).set(app.auth)).status).toBe(200);
    expect(sandbox.getMedia(post.mediaId)!.comments).toEqual([]);

    expect(sandbox.count({ api: 'facebookGraph', path: /\/comments$/ })).toBeGreaterThanOrEqual(1);
    expect(sandbox.count({ api: 'facebookGraph', path: /\/replies$/ })).toBe(1);
    expect(sandbox.stats.appsecretProof.missing).toBe(0);
    expect(sandbox.stats.appsecretProof.invalid).toBe(0);
    expect(JSON.stringify(listed.body)).not.toContain(pageToken);
  });

  it('asks to reconnect when the grant lacks instagram_manage_comments', async () => {
    const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
    const publication = await getPublication(app.strapi, post.id);
    const connection = await store.connections.findById(publication.connectionId);
    await store.connections.update(connection.id, { scopes: connection.scopes.filter((s: string) => s !== 'instagram_manage_comments') });
    try {
      const response = await http().post(`${base()}/comments-enabled`).set(app.auth).send({ enabled: false });
      expect(response.status).toBe(403);
      expect(response.body.error.details.missingScopes).toEqual(['instagram_manage_comments']);
      expect(sandbox.getMedia(post.mediaId)!.commentsEnabled).toBeUndefined();
    } finally {
      await store.connections.update(connection.id, { scopes: connection.scopes });
    }
  });
});
