import type { Core } from '@strapi/strapi';
import { createAdminSession } from '../harness/admin';
import { createPostgresDatabase } from '../harness/postgres';
import { startTestApp, type TestApp } from '../harness/strapi';
import type { EndUserConnectionView, ListEndUserConnections } from '../../../server/src/contracts';
import type { Connection, ConnectionWrite, PublicationWrite, Store } from '../../../server/src/store/types';
import { connectionFactory, publicationFactory } from '../store/contract';

const ROUTE = '/instagram-publisher/end-user-connections';
const USER_UID = 'plugin::users-permissions.user';
const DAY = 86_400_000;

const store = (strapi: Core.Strapi) => (strapi.plugin('instagram-publisher').service('store') as { get(): Store }).get();

/** A Users & Permissions user, as registration would leave it. */
const createUser = async (strapi: Core.Strapi, username: string, { blocked = false } = {}) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const user = await strapi.db.query(USER_UID as any).create({
    data: { username, email: `${username}@example.test`, provider: 'local', confirmed: true, blocked, role: role.id },
  });
  return { id: String(user.id), email: user.email as string };
};

let accountCounter = 0;

/** A connection as an end user's OAuth flow would save it (the admin side's when `userId` is null). */
const seedConnection = (strapi: Core.Strapi, userId: string | null, username: string, patch: Partial<ConnectionWrite> = {}) => {
  accountCounter += 1;
  const now = new Date();
  return store(strapi).connections.upsertByInstagramUserId(
    connectionFactory({
      ...(userId ? { ownerKind: 'user' as const, userId } : { userId: '1' }),
      connectedByName: null,
      instagramUserId: `178414000${String(accountCounter).padStart(5, '0')}`,
      appScopedUserId: `app-scoped-${accountCounter}`,
      accessToken: `IGAA-secret-token-${username}`,
      tokenExpiresAt: new Date(now.getTime() + 50 * DAY),
      profile: {
        username,
        name: `${username} name`,
        accountType: 'BUSINESS',
        profilePictureUrl: `https://cdn.example.test/${username}.jpg`,
        biography: null,
        website: null,
        followersCount: 120,
        followsCount: 3,
        mediaCount: 9,
      },
      // Spaced out so the list order (oldest first) is the order they were seeded in.
      connectedAt: new Date(now.getTime() - (1000 - accountCounter) * 60_000),
      lastSyncedAt: null,
      ...patch,
    })
  );
};

/** A post of an end user (or of the admin side when `ownerUserId` is null) to a connection. */
const seedPost = (strapi: Core.Strapi, connection: Connection, ownerUserId: string | null, patch: Partial<PublicationWrite> = {}) =>
  store(strapi).publications.create(
    publicationFactory({
      uid: ownerUserId ? 'plugin::instagram-publisher.end-user' : 'api::article.article',
      locale: null,
      connectionId: connection.id,
      caption: 'A caption',
      requestedBy: null,
      accountUsername: connection.profile.username,
      ownerUserId,
      input: ownerUserId ? { fileIds: ['1'] } : null,
      ...patch,
    })
  );

/** An admin role holding exactly these plugin actions. */
const roleWith = async (strapi: Core.Strapi, actions: string[]) => {
  const role = await strapi.service('admin::role').create({ name: `Support ${Date.now()}-${Math.random()}`, description: 'test role' });
  await strapi.service('admin::role').addPermissions(role.id, actions.map((action) => ({ action: `plugin::instagram-publisher.${action}` })));
  return role.id as number;
};

// Both SQL dialects: the search matches users with LIKE (PostgreSQL casts) and the last posts come from one grouped query.
describe.each(['SQLite', 'PostgreSQL'] as const)('Admin: end users’ connections (support view), %s', (database) => {
  let app: TestApp;
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let auth: Record<string, string>;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let aliceShots: Connection;
  let aliceArt: Connection;
  let bobTravels: Connection;
  let orphan: Connection;
  let brand: Connection;

  const list = async (query: Record<string, string | number> = {}) => {
    const response = await app.http().get(ROUTE).query(query).set(auth);
    expect(response.status).toBe(200);
    return response.body as ListEndUserConnections.Response;
  };
  const usernames = (views: EndUserConnectionView[]) => views.map((view) => view.profile.username);

  beforeAll(async () => {
    postgres = database === 'PostgreSQL' ? await createPostgresDatabase() : null;
    app = await startTestApp(postgres ? { env: postgres.env } : {});
    ({ auth } = await createAdminSession(app.strapi));
    alice = await createUser(app.strapi, 'alice');
    bob = await createUser(app.strapi, 'bob', { blocked: true });
    brand = await seedConnection(app.strapi, null, 'brand_account');
    aliceShots = await seedConnection(app.strapi, alice.id, 'alice_shots');
    aliceArt = await seedConnection(app.strapi, alice.id, 'alice_art', { tokenExpiresAt: new Date(Date.now() + 2 * DAY) });
    bobTravels = await seedConnection(app.strapi, bob.id, 'Bob_Travels');
    // A user deleted behind the plugin's back: the connection is still listed, without an owner.
    orphan = await seedConnection(app.strapi, '999999', 'orphan_account');
    // Alice's posts: an older one, then the latest, published; the admin side's post on its own account is not hers.
    await seedPost(app.strapi, aliceShots, alice.id, { status: 'failed' });
    await seedPost(app.strapi, aliceShots, alice.id, {
      status: 'published',
      mediaId: '90001',
      permalink: 'https://www.instagram.com/p/alice-latest/',
      publishedAt: new Date(),
    });
    await seedPost(app.strapi, brand, null, { status: 'published', permalink: 'https://www.instagram.com/p/brand/' });
  });
  afterAll(async () => {
    await app?.stop();
    await postgres?.drop();
  });

  it('lists every end user’s connection with its owner, health and last post, and no admin-side one', async () => {
    // When support lists end users' connections
    const body = await list();
    // Then each of the four is there, oldest first, and the brand account is not
    expect(usernames(body.data)).toEqual(['alice_shots', 'alice_art', 'Bob_Travels', 'orphan_account']);
    expect(body.meta).toEqual({ pagination: { page: 1, pageSize: 20, total: 4, pageCount: 1 }, enabled: true, users: 3, connections: 4 });
    const [shots, art, travels, orphaned] = body.data;
    // And each names its owner from Users & Permissions (blocked or not; a deleted one as null)
    expect(shots.owner).toEqual({ id: alice.id, email: 'alice@example.test', username: 'alice', blocked: false });
    expect(travels.owner).toEqual({ id: bob.id, email: 'bob@example.test', username: 'bob', blocked: true });
    expect(orphaned.owner).toBeNull();
    // And the account, its health and Alice's latest post
    expect(shots).toMatchObject({
      id: aliceShots.id,
      loginKind: 'instagram',
      profile: { username: 'alice_shots', name: 'alice_shots name', profilePictureUrl: 'https://cdn.example.test/alice_shots.jpg', followersCount: 120 },
      health: 'healthy',
      healthReason: null,
      lastPost: { status: 'published', permalink: 'https://www.instagram.com/p/alice-latest/' },
    });
    expect(Date.parse(shots.connectedAt!)).toBe(aliceShots.connectedAt.getTime());
    expect(art.health).toBe('expiring');
    expect(art.lastPost).toBeNull();
    // And no token is ever sent
    expect(JSON.stringify(body)).not.toContain('secret-token');
  });

  it('pages through the list', async () => {
    const first = await list({ page: 1, pageSize: 3 });
    const second = await list({ page: 2, pageSize: 3 });
    expect(usernames(first.data)).toEqual(['alice_shots', 'alice_art', 'Bob_Travels']);
    expect(usernames(second.data)).toEqual(['orphan_account']);
    expect(second.meta.pagination).toEqual({ page: 2, pageSize: 3, total: 4, pageCount: 2 });
  });

  it('finds connections by the owner’s email or username, or by the Instagram username, paging the matches', async () => {
    // By the owner's email (any case): both of Alice's, one page at a time
    const firstOfAlice = await list({ q: 'ALICE@example', pageSize: 1 });
    expect(usernames(firstOfAlice.data)).toEqual(['alice_shots']);
    expect(firstOfAlice.meta.pagination).toEqual({ page: 1, pageSize: 1, total: 2, pageCount: 2 });
    const secondOfAlice = await list({ q: 'ALICE@example', pageSize: 1, page: 2 });
    expect(usernames(secondOfAlice.data)).toEqual(['alice_art']);
    // By the owner's username
    expect(usernames((await list({ q: 'bob' })).data)).toEqual(['Bob_Travels']);
    // By the Instagram username, any case, even when the owner matches nothing
    expect(usernames((await list({ q: 'travels' })).data)).toEqual(['Bob_Travels']);
    expect(usernames((await list({ q: 'orphan' })).data)).toEqual(['orphan_account']);
    // A part of Instagram usernames only
    expect(usernames((await list({ q: '_a' })).data)).toEqual(['alice_art', 'orphan_account']);
    // LIKE wildcards are matched literally; the brand account never matches
    expect((await list({ q: '%' })).meta.pagination.total).toBe(0);
    expect((await list({ q: 'brand' })).data).toEqual([]);
    // And the counts stay those of every end user
    expect((await list({ q: 'nobody-matches' })).meta).toMatchObject({ users: 3, connections: 4, enabled: true });
  });

  it('refuses malformed queries with 400 naming the field', async () => {
    for (const [query, field] of [
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 101 }, 'pageSize'],
      [{ page: 'abc' }, 'page'],
      [{ q: 'x'.repeat(201) }, 'q'],
    ] as const) {
      const response = await app.http().get(ROUTE).query(query).set(auth);
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors[0].path).toEqual([field]);
    }
    const repeated = await app.http().get(`${ROUTE}?q=a&q=b`).set(auth);
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.details.errors[0].path).toEqual(['q']);
  });

  it('shows the counts on the settings page’s configuration status', async () => {
    const response = await app.http().get('/instagram-publisher/config-status').set(auth);
    expect(response.status).toBe(200);
    expect(response.body.data.endUsers).toEqual({ enabled: true, users: 3, connections: 4 });
  });

  it('answers 404 for an admin-side connection and for an unknown id', async () => {
    for (const id of [brand.id, '987654', 'not-an-id']) {
      const response = await app.http().delete(`${ROUTE}/${id}`).set(auth);
      expect(response.status).toBe(404);
    }
    // The brand account is untouched
    expect(await store(app.strapi).connections.findById(brand.id)).not.toBeNull();
  });

  it('needs the end-users.manage permission', async () => {
    // Without a session: 401
    expect((await app.http().get(ROUTE)).status).toBe(401);
    // An admin who may manage the brand's connections but not end users': 403 on both routes
    const manager = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleWith(app.strapi, ['connections.read', 'connections.manage'])] });
    expect((await app.http().get(ROUTE).set(manager.auth)).status).toBe(403);
    expect((await app.http().delete(`${ROUTE}/${bobTravels.id}`).set(manager.auth)).status).toBe(403);
    expect(await store(app.strapi).connections.findById(bobTravels.id)).not.toBeNull();
    // Support with that permission alone may list
    const support = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [await roleWith(app.strapi, ['end-users.manage'])] });
    const listed = await app.http().get(ROUTE).set(support.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.meta.pagination.total).toBe(4);
  });

  it('revokes an end user’s connection: the row and its token are gone', async () => {
    // When support revokes Bob's connection
    const response = await app.http().delete(`${ROUTE}/${bobTravels.id}`).set(auth);
    // Then it answers like a disconnect
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ id: bobTravels.id, deleted: true, revoked: false });
    // And the connection, with its token, no longer exists in the store
    expect(await store(app.strapi).connections.findById(bobTravels.id)).toBeNull();
    expect(await store(app.strapi).connections.findByInstagramUserId(bobTravels.instagramUserId, { kind: 'user', userId: bob.id })).toBeNull();
    // And the list and counts follow
    const body = await list();
    expect(usernames(body.data)).toEqual(['alice_shots', 'alice_art', 'orphan_account']);
    expect(body.meta).toMatchObject({ users: 2, connections: 3 });
    // And a second revoke answers 404
    expect((await app.http().delete(`${ROUTE}/${bobTravels.id}`).set(auth)).status).toBe(404);
    // Alice's and the brand's connections are untouched
    expect(await store(app.strapi).connections.findById(aliceArt.id)).not.toBeNull();
    expect(await store(app.strapi).connections.findById(orphan.id)).not.toBeNull();
  });
});
