import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { createAdminSession } from '../harness/admin';
import {
  ARTICLE,
  baseMapping,
  getConnection,
  jpeg,
  listPublications,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  type PublishingApp,
} from '../publishing/helpers';

const CM = `/content-manager/collection-types/${ARTICLE}`;
const FIELDS = ['title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video'];
const MODERATE = 'plugin::instagram-publisher.comments.moderate';

/** A role reading articles in the Content Manager (only its own with is-creator), with or without comments.moderate. */
const roleId = async (strapi: Core.Strapi, { creatorOnly = false, moderate = true } = {}) => {
  const role = await strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test role' });
  await strapi.service('admin::role').addPermissions(role.id, [
    ...['read', 'create', 'update'].map((action) => ({
      action: `plugin::content-manager.explorer.${action}`,
      subject: ARTICLE,
      properties: { fields: FIELDS, locales: ['en'] },
      conditions: creatorOnly ? ['admin::is-creator'] : [],
    })),
    { action: 'plugin::instagram-publisher.publications.read' },
    ...(moderate ? [{ action: MODERATE }] : []),
  ]);
  return role.id as number;
};

describe('moderating the comments of a published post from the admin', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;
  let alice: Awaited<ReturnType<typeof createAdminSession>>;
  let reader: Awaited<ReturnType<typeof createAdminSession>>;
  let alicePost: { id: string; mediaId: string };
  let bobPost: { id: string; mediaId: string };
  const answers: string[] = [];

  const http = () => app.app.http();
  const base = (publicationId: string) => `/instagram-publisher/publications/${publicationId}`;
  /** Every answer is kept, to check that none carries a token. */
  const keep = <T extends { body: unknown }>(response: T): T => {
    answers.push(JSON.stringify(response.body));
    return response;
  };

  const articleBy = async (author: { auth: Record<string, string> }, title: string) => {
    const created = await http().post(CM).set(author.auth).send({ title, slug: `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}`, excerpt: title, cover: coverId });
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const documentId = created.body.data.documentId as string;
    const published = await http().post(`${CM}/${documentId}/actions/publish`).set(app.auth).send({});
    if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
    const posted = await http().post('/instagram-publisher/publications').set(app.auth).send({ uid: ARTICLE, documentId });
    if (posted.status !== 201) throw new Error(`post answered ${posted.status}: ${JSON.stringify(posted.body)}`);
    await settled(app.strapi, documentId);
    const [publication] = await listPublications(app.strapi, { documentId });
    expect(publication.status).toBe('published');
    return { id: String(publication.id), mediaId: String(publication.mediaId) };
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const authors = await roleId(app.strapi, { creatorOnly: true });
    alice = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [authors] });
    const bob = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [authors] });
    reader = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleId(app.strapi, { moderate: false })] });
    alicePost = await articleBy(alice, 'Alice story');
    bobPost = await articleBy(bob, 'Bob story');
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('lists a post’s comments with their replies, paged by cursor', async () => {
    const first = sandbox.addComment(alicePost.mediaId, { text: 'Love it', username: 'fan_one', likeCount: 3 });
    sandbox.addComment(alicePost.mediaId, { text: 'Thanks!', username: 'sandbox_brand', parentId: first });
    sandbox.addComment(alicePost.mediaId, { text: 'Where is this?', username: 'fan_two' });
    sandbox.addComment(alicePost.mediaId, { text: 'Third', username: 'fan_three' });

    const page1 = keep(await http().get(`${base(alicePost.id)}/comments?limit=2`).set(app.auth));
    expect(page1.status).toBe(200);
    expect(page1.body.meta.mediaId).toBe(alicePost.mediaId);
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.data[0]).toMatchObject({ id: first, text: 'Love it', username: 'fan_one', likeCount: 3, hidden: false, parentId: null });
    expect(page1.body.data[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(page1.body.data[0].replies).toEqual([expect.objectContaining({ text: 'Thanks!', username: 'sandbox_brand', parentId: first })]);
    expect(typeof page1.body.meta.after).toBe('string');

    const page2 = keep(await http().get(`${base(alicePost.id)}/comments?limit=2&after=${page1.body.meta.after}`).set(app.auth));
    expect(page2.status).toBe(200);
    expect(page2.body.data.map((c: { text: string }) => c.text)).toEqual(['Third']);
    expect(page2.body.meta.after).toBeNull();
    // One Graph call per page, with the replies in it.
    expect(sandbox.findCalls({ method: 'GET', path: new RegExp(`/${alicePost.mediaId}/comments$`) }).length).toBeGreaterThanOrEqual(2);
  });

  it('replies to a comment; a reply to a reply lands on its top-level comment, as on Instagram', async () => {
    const top = sandbox.addComment(alicePost.mediaId, { text: 'Question?', username: 'fan_four' });
    const reply = keep(await http().post(`${base(alicePost.id)}/comments/${top}/replies`).set(app.auth).send({ message: 'Answer!' }));
    expect(reply.status).toBe(201);
    expect(reply.body.data).toMatchObject({ parentId: top, text: 'Answer!' });
    const stored = sandbox.getMedia(alicePost.mediaId)!.comments.find((c) => c.id === reply.body.data.id);
    expect(stored).toMatchObject({ text: 'Answer!', parentId: top, username: 'sandbox_brand' });

    const nested = keep(await http().post(`${base(alicePost.id)}/comments/${reply.body.data.id}/replies`).set(app.auth).send({ message: 'More' }));
    expect(nested.status).toBe(201);
    expect(sandbox.getMedia(alicePost.mediaId)!.comments.find((c) => c.id === nested.body.data.id)?.parentId).toBe(top);
  });

  it('hides and unhides a comment; a hidden comment takes no reply', async () => {
    const rude = sandbox.addComment(alicePost.mediaId, { text: 'Rude words', username: 'troll' });
    const hidden = keep(await http().post(`${base(alicePost.id)}/comments/${rude}/hide`).set(app.auth).send({ hidden: true }));
    expect(hidden.status).toBe(200);
    expect(hidden.body.data).toEqual({ id: rude, hidden: true });
    expect(sandbox.getMedia(alicePost.mediaId)!.comments.find((c) => c.id === rude)?.hidden).toBe(true);
    const listed = await http().get(`${base(alicePost.id)}/comments?limit=50`).set(app.auth);
    expect(listed.body.data.find((c: { id: string }) => c.id === rude).hidden).toBe(true);

    // Meta refuses a reply to a hidden comment: 502 with its message, never a 500.
    const refused = keep(await http().post(`${base(alicePost.id)}/comments/${rude}/replies`).set(app.auth).send({ message: 'Hi' }));
    expect(refused.status).toBe(502);
    expect(refused.body.error.name).toBe('UpstreamError');

    const shown = keep(await http().post(`${base(alicePost.id)}/comments/${rude}/hide`).set(app.auth).send({ hidden: false }));
    expect(shown.status).toBe(200);
    expect(sandbox.getMedia(alicePost.mediaId)!.comments.find((c) => c.id === rude)?.hidden).toBe(false);
  });

  it('deletes a comment with its replies; deleting it again answers 404', async () => {
    const top = sandbox.addComment(alicePost.mediaId, { text: 'Spam', username: 'spammer' });
    sandbox.addComment(alicePost.mediaId, { text: 'Spam reply', username: 'spammer', parentId: top });
    const deleted = keep(await http().delete(`${base(alicePost.id)}/comments/${top}`).set(app.auth));
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: top, deleted: true });
    expect(sandbox.getMedia(alicePost.mediaId)!.comments.some((c) => c.id === top || c.parentId === top)).toBe(false);
    const again = keep(await http().delete(`${base(alicePost.id)}/comments/${top}`).set(app.auth));
    expect(again.status).toBe(404);
  });

  it('turns comments off and on again', async () => {
    const off = keep(await http().post(`${base(alicePost.id)}/comments-enabled`).set(app.auth).send({ enabled: false }));
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({ mediaId: alicePost.mediaId, commentsEnabled: false });
    expect(sandbox.getMedia(alicePost.mediaId)!.commentsEnabled).toBe(false);
    const on = keep(await http().post(`${base(alicePost.id)}/comments-enabled`).set(app.auth).send({ enabled: true }));
    expect(on.status).toBe(200);
    expect(sandbox.getMedia(alicePost.mediaId)!.commentsEnabled).toBe(true);
  });

  it('refuses an admin without comments.moderate (403) on every route', async () => {
    const calls = [
      http().get(`${base(alicePost.id)}/comments`),
      http().post(`${base(alicePost.id)}/comments/17990000000000001/replies`).send({ message: 'x' }),
      http().post(`${base(alicePost.id)}/comments/17990000000000001/hide`).send({ hidden: true }),
      http().delete(`${base(alicePost.id)}/comments/17990000000000001`),
      http().post(`${base(alicePost.id)}/comments-enabled`).send({ enabled: false }),
    ];
    for (const call of calls) expect((await call.set(reader.auth)).status).toBe(403);
    expect(sandbox.getMedia(alicePost.mediaId)!.commentsEnabled).toBe(true);
  });

  it('follows the Content Manager: Alice moderates her entry’s post and not Bob’s', async () => {
    const own = keep(await http().get(`${base(alicePost.id)}/comments`).set(alice.auth));
    expect(own.status).toBe(200);
    const bobComment = sandbox.addComment(bobPost.mediaId, { text: 'For Bob', username: 'fan' });
    const refused = keep(await http().get(`${base(bobPost.id)}/comments`).set(alice.auth));
    expect(refused.status).toBe(403);
    const hide = keep(await http().post(`${base(bobPost.id)}/comments/${bobComment}/hide`).set(alice.auth).send({ hidden: true }));
    expect(hide.status).toBe(403);
    expect(sandbox.getMedia(bobPost.mediaId)!.comments.find((c) => c.id === bobComment)?.hidden).toBeFalsy();
  });

  it('refuses a comment of another post paired with a post the admin may read (404), and leaves it alone', async () => {
    const bobComment = sandbox.addComment(bobPost.mediaId, { text: 'On Bob’s post', username: 'fan' });
    const calls = [
      http().post(`${base(alicePost.id)}/comments/${bobComment}/hide`).send({ hidden: true }),
      http().post(`${base(alicePost.id)}/comments/${bobComment}/replies`).send({ message: 'Sneaky' }),
      http().delete(`${base(alicePost.id)}/comments/${bobComment}`),
    ];
    for (const call of calls) {
      const response = keep(await call.set(alice.auth));
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(`comment ${bobComment} not found on this post`);
    }
    const media = sandbox.getMedia(bobPost.mediaId)!;
    expect(media.comments.find((c) => c.id === bobComment)).toMatchObject({ text: 'On Bob’s post' });
    expect(media.comments.find((c) => c.id === bobComment)?.hidden).toBeFalsy();
    expect(media.comments.some((c) => c.text === 'Sneaky')).toBe(false);
  });

  it('answers 400 naming the field for bad input, and 404 for an unknown publication', async () => {
    const cases: Array<[Promise<any>, string]> = [
      [http().post(`${base(alicePost.id)}/comments/17990000000000001/replies`).set(app.auth).send({}), 'message'],
      [http().post(`${base(alicePost.id)}/comments/17990000000000001/replies`).set(app.auth).send({ message: '   ' }), 'message'],
      [http().post(`${base(alicePost.id)}/comments/17990000000000001/replies`).set(app.auth).send({ message: 'x'.repeat(2201) }), 'message'],
      [http().post(`${base(alicePost.id)}/comments/17990000000000001/hide`).set(app.auth).send({ hidden: 'yes' }), 'hidden'],
      [http().post(`${base(alicePost.id)}/comments/not-an-id/hide`).set(app.auth).send({ hidden: true }), 'commentId'],
      [http().post(`${base(alicePost.id)}/comments-enabled`).set(app.auth).send({ enabled: 1 }), 'enabled'],
      [http().get(`${base(alicePost.id)}/comments?limit=500`).set(app.auth), 'limit'],
      [http().get(`${base(alicePost.id)}/comments?after=%7B%7D`).set(app.auth), 'after'],
    ];
    for (const [call, field] of cases) {
      const response = keep(await call);
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
    }
    expect(keep(await http().get(`${base('987654')}/comments`).set(app.auth)).status).toBe(404);
  });

  it('asks to reconnect when the connection lacks the comments permission', async () => {
    const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
    const connection = await getConnection(app.strapi, connectionId);
    await store.connections.update(connectionId, { scopes: connection.scopes.filter((s: string) => s !== 'instagram_business_manage_comments') });
    try {
      const response = keep(await http().get(`${base(alicePost.id)}/comments`).set(app.auth));
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('reconnect to moderate comments');
      expect(response.body.error.details.missingScopes).toEqual(['instagram_business_manage_comments']);
    } finally {
      await store.connections.update(connectionId, { scopes: connection.scopes });
    }
  });

  it('asks to reconnect when Meta refuses the token the comments permission (revoked on Instagram)', async () => {
    const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
    const connection = await getConnection(app.strapi, connectionId);
    const narrow = sandbox.issueToken({ kind: 'instagram', account: 'sandbox_brand', scopes: ['instagram_business_basic', 'instagram_business_content_publish'] });
    await store.connections.update(connectionId, { accessToken: narrow.accessToken });
    try {
      const comment = sandbox.addComment(alicePost.mediaId, { text: 'Still here', username: 'fan' });
      const response = keep(await http().delete(`${base(alicePost.id)}/comments/${comment}`).set(app.auth));
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('reconnect to moderate comments');
      expect(JSON.stringify(response.body)).not.toContain(narrow.accessToken);
      expect(sandbox.getMedia(alicePost.mediaId)!.comments.some((c) => c.id === comment)).toBe(true);
    } finally {
      await store.connections.update(connectionId, { accessToken: connection.accessToken });
    }
  });

  it('never answers a token', async () => {
    const connection = await getConnection(app.strapi, connectionId);
    expect(answers.length).toBeGreaterThan(20);
    for (const body of answers) expect(body).not.toContain(connection.accessToken);
  });
});
