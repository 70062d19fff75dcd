import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { USER_POST_UID, userPostDocumentId } from '../../../server/src/publishing/user-post';
import { createAdminSession } from '../harness/admin';
import { createPostgresDatabase } from '../harness/postgres';
import { ARTICLE, seedConnection, startFastSandbox, startPublishingApp, waitFor, type PublishingApp } from '../publishing/helpers';
import { connectUser, errorPaths, grantToAuthenticated, ME, POSTING_ACTIONS, registerUser, type EndUser } from '../end-users/post-helpers';

import { H, PUBLICATION, postedPublication } from './helpers';
const ADMIN = '/instagram-publisher/publications';
const WEBHOOKS = '/api/instagram-publisher/webhooks';

type Stats = { likes: number; comments: number; reach: number };

/** A role reading articles in the Content Manager, with the given plugin actions. */
const roleWith = async (strapi: Core.Strapi, actions: string[]) => {
  const role = await strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test role' });
  await strapi.service('admin::role').addPermissions(role.id, [
    { action: 'plugin::content-manager.explorer.read', subject: ARTICLE, properties: { fields: ['title'], locales: ['en'] }, conditions: [] },
    ...actions.map((action) => ({ action: `plugin::instagram-publisher.${action}` })),
  ]);
  return role.id as number;
};

// Each database orders nulls its own way (SQLite first, PostgreSQL last): both must give the same pages.
const DATABASES = (process.env.LISTING_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim()).filter(Boolean);

// One sandbox per file: the test app reads its address once per process.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startFastSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe.each(DATABASES)('publication lists ordered by their latest numbers, and a post’s activity (%s)', (database) => {
  let app: PublishingApp;
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let connectionId: string;
  let entryId: string;
  let ana: EndUser;
  let bob: EndUser;
  /** The admin side's posts: A, B, C read with numbers; D, E never read (E newest). */
  const posts: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; mediaId: string }> = {} as never;
  /** Ana's own posts: U1 and U2 read, U3 never read. */
  const mine: Record<'U1' | 'U2' | 'U3', { id: string; mediaId: string }> = {} as never;

  const http = () => app.app.http();
  const sync = (now: Date) => (app.strapi.plugin('instagram-publisher').service('insightsSync') as any).run({ now: () => now, accounts: false });

  /** A published post as the worker leaves it, with its media on the sandbox. */
  const published = (owner: { connectionId: string; userId?: string }, stats?: Stats) =>
    postedPublication(app.strapi, sandbox, {
      connectionId: owner.connectionId,
      uid: owner.userId ? USER_POST_UID : ARTICLE,
      documentId: owner.userId ? userPostDocumentId(owner.userId) : entryId,
      locale: owner.userId ? null : 'en',
      ownerUserId: owner.userId ?? null,
      account: 'sandbox_brand',
      ...(stats ? { stats } : {}),
    });

  const adminIds = async (query: string) => {
    const response = await http().get(`${ADMIN}?connectionId=${connectionId}&${query}`).set(app.auth);
    expect(response.status).toBe(200);
    return response;
  };
  const name = (id: string) => Object.entries(posts).find(([, post]) => post.id === id)?.[0] ?? `?${id}`;
  const order = async (sort: string) => (await adminIds(`sort=${sort}&pageSize=100`)).body.data.map((row: { id: string }) => name(row.id)).join('');

  beforeAll(async () => {
    postgres = database === 'postgres' ? await createPostgresDatabase() : null;
    app = await startPublishingApp(sandbox, { app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true', ...(postgres?.env ?? {}) } } });
    await grantToAuthenticated(app.strapi, POSTING_ACTIONS);
    connectionId = String((await seedConnection(app.strapi, sandbox, 'sandbox_brand')).id);
    entryId = (await app.strapi.documents(ARTICLE as any).create({ data: { title: 'Numbers entry' } as any, locale: 'en' } as any)).documentId;
    ana = await registerUser(app, 'ana');
    bob = await registerUser(app, 'bob');
    const anaConnection = (await connectUser(app.strapi, sandbox, ana)).id;
    const bobConnection = (await connectUser(app.strapi, sandbox, bob)).id;

    posts.A = await published({ connectionId }, { likes: 5, comments: 9, reach: 300 });
    posts.B = await published({ connectionId }, { likes: 50, comments: 1, reach: 100 });
    posts.C = await published({ connectionId }, { likes: 20, comments: 2, reach: 200 });
    mine.U1 = await published({ connectionId: anaConnection, userId: ana.id }, { likes: 7, comments: 0, reach: 10 });
    mine.U2 = await published({ connectionId: anaConnection, userId: ana.id }, { likes: 70, comments: 2, reach: 90 });
    await published({ connectionId: bobConnection, userId: bob.id }, { likes: 1000, comments: 100, reach: 5000 });
    // One sync reads them all (their first step, 1 h, has passed); the later posts were never read.
    const summary = await sync(new Date(Date.now() + 2 * H));
    expect(summary.outcomes.read).toBe(6);
    posts.D = await published({ connectionId });
    posts.E = await published({ connectionId });
    mine.U3 = await published({ connectionId: anaConnection, userId: ana.id });
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await postgres?.drop();
  });

  it('carries each post’s latest likes, comments and reach, null until read', async () => {
    const rows: any[] = (await adminIds('pageSize=100')).body.data;
    expect(rows.find((row) => row.id === posts.B.id)).toMatchObject({ likeCount: 50, commentCount: 1, reachCount: 100, lastCommentAt: null });
    expect(rows.find((row) => row.id === posts.D.id)).toMatchObject({ likeCount: null, commentCount: null, reachCount: null, lastCommentAt: null });
  });

  it('sorts the admin list by each number both ways in the database, posts never read last either way', async () => {
    expect(await order('likes:desc')).toBe('BCAED');
    expect(await order('likes:asc')).toBe('ACBED');
    expect(await order('comments:DESC')).toBe('ACBED');
    expect(await order('comments:asc')).toBe('BCAED');
    expect(await order('reach:desc')).toBe('ACBED');
    expect(await order('reach')).toBe('ACBED');
    // The existing order stays the default: newest first.
    expect(await order('createdAt:desc')).toBe('EDCBA');
    expect(await order('createdAt:asc')).toBe('ABCDE');
    const unsorted = (await adminIds('pageSize=100')).body.data.map((row: { id: string }) => name(row.id)).join('');
    expect(unsorted).toBe('EDCBA');
  });

  it('pages a sorted list without repeating or losing a post, across the read and unread ones', async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const response = await adminIds(`sort=likes:desc&pageSize=2&page=${page}`);
      expect(response.body.meta.pagination).toEqual({ page, pageSize: 2, total: 5, pageCount: 3 });
      seen.push(...response.body.data.map((row: { id: string }) => name(row.id)));
    }
    expect(seen.join('')).toBe('BCAED');
    expect((await adminIds('sort=likes:desc&pageSize=2&page=4')).body.data).toEqual([]);
  });

  it.each([
    ['an unknown field', 'sort=views:desc'],
    ['an unknown direction', 'sort=likes:sideways'],
    ['two sorts', 'sort=likes:asc&sort=reach:asc'],
    ['an empty sort', 'sort='],
  ])('refuses %s with 400 naming sort, on both lists', async (_label, query) => {
    const admin = await http().get(`${ADMIN}?${query}`).set(app.auth);
    expect(admin.status).toBe(400);
    expect(errorPaths(admin.body)).toEqual(['sort']);
    expect(admin.body.error.message).toMatch(/sort/);
    const own = await http().get(`${ME}/publications?${query}`).set(ana.auth);
    expect(own.status).toBe(400);
    expect(errorPaths(own.body)).toEqual(['sort']);
  });

  it('sorts an end user’s own posts the same way, paged, and never shows another user’s', async () => {
    const names = (rows: Array<{ id: string }>) => rows.map((row) => Object.entries(mine).find(([, post]) => post.id === row.id)?.[0] ?? 'other').join(',');
    const first = await http().get(`${ME}/publications?sort=likes:desc&pageSize=2`).set(ana.auth);
    expect(first.status).toBe(200);
    expect(first.body.meta.pagination).toMatchObject({ total: 3, pageCount: 2 });
    expect(names(first.body.data)).toBe('U2,U1');
    expect(first.body.data[0]).toMatchObject({ likeCount: 70, commentCount: 2, reachCount: 90 });
    const second = await http().get(`${ME}/publications?sort=likes:desc&pageSize=2&page=2`).set(ana.auth);
    expect(names(second.body.data)).toBe('U3');
    const ascending = await http().get(`${ME}/publications?sort=reach:asc`).set(ana.auth);
    expect(names(ascending.body.data)).toBe('U1,U2,U3');
  });

  it('serves the panel a post’s numbers and its activity, to who may read the entry', async () => {
    const insights = await http().get(`${ADMIN}/${posts.B.id}/insights`).set(app.auth);
    expect(insights.status).toBe(200);
    expect(insights.body.data).toMatchObject({ status: 'ok', latest: { likes: 50, comments: 1, metrics: { reach: 100 } } });

    const activity = await http().get(`${ADMIN}/${posts.B.id}/activity`).set(app.auth);
    expect(activity.status).toBe(200);
    expect(activity.body.data).toEqual({
      id: posts.B.id,
      status: 'published',
      likeCount: 50,
      commentCount: 1,
      reachCount: 100,
      lastCommentAt: null,
      insightsSyncedAt: expect.stringMatching(/^\d{4}-/),
    });
    // comments.moderate alone opens it (an open comments list polls it); neither action: 403.
    const moderator = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleWith(app.strapi, ['comments.moderate'])] });
    expect((await http().get(`${ADMIN}/${posts.B.id}/activity`).set(moderator.auth)).status).toBe(200);
    const outsider = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleWith(app.strapi, ['connections.read'])] });
    expect((await http().get(`${ADMIN}/${posts.B.id}/activity`).set(outsider.auth)).status).toBe(403);
    // An end user's post is not the admin side's; a malformed id is a 400 naming it.
    expect((await http().get(`${ADMIN}/${mine.U1.id}/activity`).set(app.auth)).status).toBe(404);
    const malformed = await http().get(`${ADMIN}/not-an-id!/activity`).set(app.auth);
    expect(malformed.status).toBe(400);
    expect(errorPaths(malformed.body)).toEqual(['id']);
  });

  it('a signed comment notification shows on the post within seconds, before any sync', async () => {
    const igUserId = sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId;
    const before = Date.now();
    // Given a comment on B (read: one comment) and one on D (never read)
    const onB = sandbox.webhooks.comment(igUserId, { id: '17900000000000901', mediaId: posts.B.mediaId, text: 'So good', username: 'a_fan' });
    const onD = sandbox.webhooks.comment(igUserId, { id: '17900000000000902', mediaId: posts.D.mediaId, text: 'First!', username: 'a_fan' });
    // When Meta delivers them, signed with the app secret
    const response = await sandbox.webhooks.deliver(`${app.app.url}${WEBHOOKS}`, { entry: [onB, onD] }, { secret: 'sandbox-ig-secret' });
    expect(response.status).toBe(200);

    // Then the admin polling B's activity sees one more comment and when it came
    const activity = await waitFor(
      async () => {
        const read = await http().get(`${ADMIN}/${posts.B.id}/activity`).set(app.auth);
        return read.body.data.lastCommentAt ? read.body.data : null;
      },
      { what: 'the comment recorded on the publication' }
    );
    expect(activity.commentCount).toBe(2);
    expect(new Date(activity.lastCommentAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // D's count was never read: it stays unknown (null) rather than guessed, but its activity moves.
    const d = await http().get(`${ADMIN}/${posts.D.id}/activity`).set(app.auth);
    expect(d.body.data).toMatchObject({ commentCount: null, lastCommentAt: expect.any(String) });
    // The list carries it and sorts by it at once
    expect(await order('comments:asc')).toBe('CBAED');

    // And the next read replaces the count with Instagram's own
    sandbox.getMedia(posts.B.mediaId)!.stats = { likes: 51, comments: 3, reach: 120 };
    await sync(new Date(Date.now() + 7 * H));
    const synced = await http().get(`${ADMIN}/${posts.B.id}/activity`).set(app.auth);
    expect(synced.body.data).toMatchObject({ likeCount: 51, commentCount: 3, reachCount: 120, lastCommentAt: activity.lastCommentAt });
  });

  it('reads a post the publish hook queued in its one-write insert, from the time the worker posted it', async () => {
    const store = (app.strapi.plugin('instagram-publisher').service('store') as any).get();
    const documentId = `hook-${Date.now()}`;
    const media = sandbox.seedMedia({ account: 'sandbox_brand', stats: { likes: 3, comments: 1, reach: 40 } });
    const postedAt = new Date(Date.now() - 2 * H);
    await store.publications.createMany([
      { uid: ARTICLE, documentId, locale: 'en', connectionId: String(connectionId), status: 'published', kind: 'image', caption: null, contentHash: null, trigger: 'publish', scheduledAt: null, runAt: postedAt, attempts: 1, state: {}, mediaId: media.id, permalink: null, error: null, leaseOwner: null, leaseUntil: null, requestedBy: null, publishedAt: postedAt, accountUsername: null, dedupeKey: null },
    ]);
    const [row] = (await store.publications.list({ documentId, page: 1, pageSize: 1 })).results;
    expect((await store.insights.target(row.id)).publishedAt).toEqual(postedAt);
    await sync(new Date(Date.now() + 2 * H));
    expect(await store.publications.findById(row.id)).toMatchObject({ likeCount: 3, commentCount: 1, reachCount: 40 });
    await app.strapi.db.query(PUBLICATION as any).delete({ where: { id: Number(row.id) } });
  });
});
