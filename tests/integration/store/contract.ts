import { randomBytes } from 'node:crypto';
import { describePublicationNumbers } from './publication-numbers';
import { ADMIN_OWNER, userOwner, type ConnectionWrite, type PublicationWrite, type Store } from '../../../server/src/store/types';

export interface ContractTarget {
  store: () => Store;
  /** The raw stored token fields of a connection, exactly as the backend holds them. */
  rawTokens: (instagramUserId: string) => Promise<{ accessToken: string | null; userAccessToken: string | null }>;
  /** A store over the same data with another key ring (for rotation). */
  withKeys: (keys: string[]) => Promise<Store>;
  currentKey: string;
  /** Removes a connection's owner in storage, as rows written before connections had owners were. */
  disown: (id: string) => Promise<void>;
}

let sequence = 0;
const uniqueId = () => `1784${Date.now()}${(sequence += 1).toString().padStart(4, '0')}`;

export const connectionFactory = (overrides: Partial<ConnectionWrite> = {}): ConnectionWrite => {
  const now = new Date();
  return {
    userId: '1',
    connectedByName: 'Test Admin',
    instagramUserId: uniqueId(),
    loginKind: 'instagram',
    pageId: null,
    pageName: null,
    appScopedUserId: `26${sequence}`,
    accessToken: `test-access-${randomBytes(12).toString('hex')}`,
    userAccessToken: null,
    tokenIssuedAt: now,
    tokenExpiresAt: new Date(now.getTime() + 60 * 86_400_000),
    dataAccessExpiresAt: null,
    profile: {
      username: `account_${sequence}`,
      name: 'Account',
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      biography: null,
      website: null,
      followersCount: 10,
      followsCount: 2,
      mediaCount: 3,
    },
    scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    status: 'active',
    isActive: true,
    lastError: null,
    connectedAt: now,
    lastSyncedAt: now,
    lastRefreshedAt: null,
    refreshLockedUntil: null,
    ...overrides,
  };
};

export const publicationFactory = (overrides: Partial<PublicationWrite> = {}): PublicationWrite => ({
  uid: 'api::article.article',
  documentId: `doc-${randomBytes(6).toString('hex')}`,
  locale: 'en',
  connectionId: null,
  status: 'queued',
  kind: 'image',
  caption: 'Hello',
  contentHash: null,
  trigger: 'manual',
  scheduledAt: null,
  runAt: new Date(Date.now() - 1000),
  attempts: 0,
  state: {},
  mediaId: null,
  permalink: null,
  error: null,
  leaseOwner: null,
  leaseUntil: null,
  requestedBy: '1',
  publishedAt: null,
  accountUsername: null,
  dedupeKey: null,
  ...overrides,
});

/** One contract, every backend: the same assertions run against each store implementation. */
export const describeStoreContract = (name: string, target: () => ContractTarget) => {
  describe(`${name} store contract`, () => {
    const store = () => target().store();

    // Before 'connections': its last case re-encrypts every row under a key this store does not hold.
    describe('connection owners', () => {
      /** A Users & Permissions user id no other test uses. */
      const someUser = () => `u${randomBytes(6).toString('hex')}`;
      const ofUser = (userId: string, overrides: Partial<ConnectionWrite> = {}) =>
        connectionFactory({ ownerKind: 'user', userId, connectedByName: 'An end user', ...overrides });

      it('keeps one connection per owner and account: the admin side and each user have their own row and token', async () => {
        // Given one Instagram account connected on the admin side and by two users
        const [alice, bob] = [someUser(), someUser()];
        const admin = await store().connections.upsertByInstagramUserId(connectionFactory({ accessToken: 'test-admin-token' }));
        const instagramUserId = admin.instagramUserId;
        const aliceRow = await store().connections.upsertByInstagramUserId(ofUser(alice, { instagramUserId, accessToken: 'test-alice-token' }));
        const bobRow = await store().connections.upsertByInstagramUserId(ofUser(bob, { instagramUserId, accessToken: 'test-bob-token' }));

        // Then there are three rows, each with its owner and token
        expect(new Set([admin.id, aliceRow.id, bobRow.id]).size).toBe(3);
        expect([admin, aliceRow, bobRow].map((c) => [c.ownerKind, c.userId])).toEqual([['admin', '1'], ['user', alice], ['user', bob]]);
        expect((await store().connections.findByInstagramUserId(instagramUserId))?.accessToken).toBe('test-admin-token');
        expect((await store().connections.findByInstagramUserId(instagramUserId, userOwner(alice)))?.accessToken).toBe('test-alice-token');
        expect((await store().connections.findByInstagramUserId(instagramUserId, userOwner(bob)))?.id).toBe(bobRow.id);
        expect(await store().connections.findByInstagramUserId(instagramUserId, userOwner(someUser()))).toBeNull();

        // When Alice reconnects the account
        const again = await store().connections.upsertByInstagramUserId(ofUser(alice, { instagramUserId, accessToken: 'test-alice-newer' }));

        // Then her row is updated in place and the others are untouched
        expect(again.id).toBe(aliceRow.id);
        expect(again.ownerKind).toBe('user');
        expect((await store().connections.findById(admin.id))?.accessToken).toBe('test-admin-token');
        expect((await store().connections.findById(bobRow.id))?.accessToken).toBe('test-bob-token');
        // And Meta's callbacks still find every owner's row of the account
        expect((await store().connections.findByMetaUserId(instagramUserId)).map((c) => c.id).sort()).toEqual([admin.id, aliceRow.id, bobRow.id].sort());
      });

      it('lists and counts by scope: the admin side by default, one user, or every user', async () => {
        const [alice, bob] = [someUser(), someUser()];
        const before = { admin: await store().connections.count(ADMIN_OWNER), users: await store().connections.count({ kind: 'users' }), all: await store().connections.count() };
        const admin = await store().connections.upsertByInstagramUserId(connectionFactory());
        const alices = [await store().connections.upsertByInstagramUserId(ofUser(alice)), await store().connections.upsertByInstagramUserId(ofUser(alice))];
        const bobs = await store().connections.upsertByInstagramUserId(ofUser(bob));

        const ids = (list: Array<{ id: string }>) => list.map((c) => c.id);
        expect(ids(await store().connections.list(userOwner(alice)))).toEqual(ids(alices));
        expect(ids(await store().connections.list(userOwner(bob)))).toEqual([bobs.id]);
        expect(ids(await store().connections.list(userOwner(someUser())))).toEqual([]);
        const adminSide = ids(await store().connections.list());
        expect(adminSide).toContain(admin.id);
        expect(adminSide).not.toEqual(expect.arrayContaining([alices[0].id]));
        expect(adminSide).not.toContain(bobs.id);
        expect(ids(await store().connections.list(ADMIN_OWNER))).toEqual(adminSide);
        const everyUser = ids(await store().connections.list({ kind: 'users' }));
        expect(everyUser).toEqual(expect.arrayContaining([...ids(alices), bobs.id]));
        expect(everyUser).not.toContain(admin.id);
        // Paged, in the same order
        expect(ids(await store().connections.list(userOwner(alice), { limit: 1, offset: 1 }))).toEqual([alices[1].id]);

        expect(await store().connections.count(userOwner(alice))).toBe(2);
        expect(await store().connections.count(userOwner(bob))).toBe(1);
        expect(await store().connections.count(ADMIN_OWNER)).toBe(before.admin + 1);
        expect(await store().connections.count({ kind: 'users' })).toBe(before.users + 3);
        expect(await store().connections.count()).toBe(before.all + 4);
      });

      it('finds a connection for its owner only; anyone else, and a malformed id, get null', async () => {
        const [alice, bob] = [someUser(), someUser()];
        const mine = await store().connections.upsertByInstagramUserId(ofUser(alice));
        const admin = await store().connections.upsertByInstagramUserId(connectionFactory());

        expect((await store().connections.findOwned(mine.id, userOwner(alice)))?.id).toBe(mine.id);
        expect(await store().connections.findOwned(mine.id, userOwner(bob))).toBeNull();
        expect(await store().connections.findOwned(mine.id, ADMIN_OWNER)).toBeNull();
        expect((await store().connections.findOwned(admin.id, ADMIN_OWNER))?.id).toBe(admin.id);
        expect(await store().connections.findOwned(admin.id, userOwner(alice))).toBeNull();
        expect(await store().connections.findOwned('not-an-id', userOwner(alice))).toBeNull();
        expect(await store().connections.findOwned('999999999', userOwner(alice))).toBeNull();
        // findById answers any owner's: callers acting for someone use findOwned
        expect((await store().connections.findById(mine.id))?.userId).toBe(alice);
      });

      it('refuses an end user’s connection without its user', async () => {
        await expect(store().connections.upsertByInstagramUserId(connectionFactory({ ownerKind: 'user', userId: null }))).rejects.toThrow(/needs its userId/);
      });

      it('gives connections stored before owners existed to the admin side', async () => {
        // Given a connection whose owner is missing in storage
        const old = await store().connections.upsertByInstagramUserId(connectionFactory());
        await target().disown(old.id);
        expect(await store().connections.findOwned(old.id, ADMIN_OWNER)).toBeNull();

        // When the store adopts unowned connections (as it does at start-up)
        expect(await store().connections.adoptUnowned()).toBeGreaterThanOrEqual(1);

        // Then it is the admin side's again, and a second run finds nothing left to adopt
        expect(await store().connections.findOwned(old.id, ADMIN_OWNER)).toMatchObject({ id: old.id, ownerKind: 'admin' });
        expect(await store().connections.adoptUnowned()).toBe(0);
      });
    });

    describe('connections', () => {
      it('stores tokens encrypted and reads them back decrypted', async () => {
        const data = connectionFactory({ userAccessToken: 'test-user-token-xyz' });
        const saved = await store().connections.upsertByInstagramUserId(data);
        expect(saved.accessToken).toBe(data.accessToken);
        const raw = await target().rawTokens(data.instagramUserId);
        expect(raw.accessToken).not.toContain(data.accessToken!);
        expect(raw.accessToken).toMatch(/^v1:[0-9a-f]{8}:/);
        expect(raw.userAccessToken).not.toContain('test-user-token-xyz');
        expect((await store().connections.findById(saved.id))?.userAccessToken).toBe('test-user-token-xyz');
      });

      it('keeps one connection per Instagram account: reconnecting updates in place', async () => {
        const first = await store().connections.upsertByInstagramUserId(connectionFactory());
        const again = await store().connections.upsertByInstagramUserId(
          connectionFactory({ instagramUserId: first.instagramUserId, accessToken: 'test-newer-token' })
        );
        expect(again.id).toBe(first.id);
        expect(again.accessToken).toBe('test-newer-token');
        expect((await store().connections.list()).filter((c) => c.instagramUserId === first.instagramUserId)).toHaveLength(1);
      });

      it('finds by id, by Instagram user id and by Meta user id; unknown or malformed ids are null', async () => {
        const saved = await store().connections.upsertByInstagramUserId(connectionFactory({ appScopedUserId: 'meta-user-1' }));
        expect((await store().connections.findById(saved.id))?.instagramUserId).toBe(saved.instagramUserId);
        expect((await store().connections.findByInstagramUserId(saved.instagramUserId))?.id).toBe(saved.id);
        expect((await store().connections.findByMetaUserId('meta-user-1')).map((c) => c.id)).toContain(saved.id);
        expect((await store().connections.findByMetaUserId(saved.instagramUserId)).map((c) => c.id)).toContain(saved.id);
        expect(await store().connections.findById('999999999')).toBeNull();
        expect(await store().connections.findById('not-an-id')).toBeNull();
      });

      it('updates, destroys a token and deletes', async () => {
        const saved = await store().connections.upsertByInstagramUserId(connectionFactory());
        const updated = await store().connections.update(saved.id, { accessToken: null, status: 'deauthorized', isActive: false });
        expect(updated).toMatchObject({ accessToken: null, status: 'deauthorized', isActive: false });
        expect((await target().rawTokens(saved.instagramUserId)).accessToken).toBeNull();
        expect(await store().connections.patch(saved.id, { lastError: 'patched' })).toBe(true);
        expect((await store().connections.findById(saved.id))?.lastError).toBe('patched');
        expect(await store().connections.patch('424242424', { lastError: 'x' })).toBe(false);
        expect(await store().connections.delete(saved.id)).toBe(true);
        expect(await store().connections.findById(saved.id)).toBeNull();
        expect(await store().connections.delete(saved.id)).toBe(false);
      });

      it('pages due connections by expiry with a keyset cursor', async () => {
        const kind = 'instagram' as const;
        const base = Date.now() + 400 * 86_400_000; // far away from other tests' rows
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          const saved = await store().connections.upsertByInstagramUserId(
            connectionFactory({ tokenExpiresAt: new Date(base + (i % 3) * 1000) })
          );
          ids.push(saved.id);
        }
        await store().connections.upsertByInstagramUserId(
          connectionFactory({ tokenExpiresAt: new Date(base + 500), status: 'reconnect_needed' })
        );
        const seen: string[] = [];
        let after = null;
        for (;;) {
          const page = await store().connections.listDueForRefresh({
            loginKind: kind,
            expiresBefore: new Date(base + 10_000),
            after,
            limit: 2,
          });
          const mine = page.filter((c) => c.tokenExpiresAt!.getTime() >= base);
          seen.push(...mine.map((c) => c.id));
          if (page.length < 2) break;
          const last = page[page.length - 1];
          after = { tokenExpiresAt: last.tokenExpiresAt!, id: last.id };
        }
        expect(seen.sort()).toEqual([...ids].sort());
      });

      it('lists "action required" connections for the refresh job whatever their expiry, and never "reconnect needed" ones', async () => {
        // Given connections far from expiry: restricted by Instagram, dead, and healthy
        const far = new Date(Date.now() + 800 * 86_400_000);
        const restricted = await store().connections.upsertByInstagramUserId(connectionFactory({ tokenExpiresAt: far, status: 'action_required' }));
        const dead = await store().connections.upsertByInstagramUserId(connectionFactory({ tokenExpiresAt: far, status: 'reconnect_needed' }));
        const healthy = await store().connections.upsertByInstagramUserId(connectionFactory({ tokenExpiresAt: far }));
        const pageRestricted = await store().connections.upsertByInstagramUserId(
          connectionFactory({ loginKind: 'facebook', tokenExpiresAt: null, status: 'action_required' })
        );
        const pageDead = await store().connections.upsertByInstagramUserId(
          connectionFactory({ loginKind: 'facebook', tokenExpiresAt: null, status: 'reconnect_needed' })
        );
        // When the refresh job lists what is due within 15 days, and the Page tokens
        const due: string[] = [];
        for (let after = null as { tokenExpiresAt: Date; id: string } | null; ; ) {
          const page = await store().connections.listDueForRefresh({ loginKind: 'instagram', expiresBefore: new Date(Date.now() + 15 * 86_400_000), after, limit: 100 });
          due.push(...page.map((c) => c.id));
          if (page.length < 100) break;
          after = { tokenExpiresAt: page[page.length - 1].tokenExpiresAt!, id: page[page.length - 1].id };
        }
        const pages: string[] = [];
        for (let afterId = null as string | null; ; ) {
          const page = await store().connections.listActiveByKind({ loginKind: 'facebook', afterId, limit: 100 });
          pages.push(...page.map((c) => c.id));
          if (page.length < 100) break;
          afterId = page[page.length - 1].id;
        }
        // Then the restricted ones are checked again, the dead ones wait for a reconnect, the healthy one is not due
        expect(due).toContain(restricted.id);
        expect(due).not.toContain(dead.id);
        expect(due).not.toContain(healthy.id);
        expect(pages).toContain(pageRestricted.id);
        expect(pages).not.toContain(pageDead.id);
      });

      it('gives each connection of a batch to exactly one of several racing claimers', async () => {
        const saved = await Promise.all([1, 2, 3, 4].map(() => store().connections.upsertByInstagramUserId(connectionFactory())));
        const ids = saved.map((c) => c.id);
        const now = new Date();
        const until = new Date(now.getTime() + 60_000);
        const results = await Promise.all(
          ['a', 'b', 'c'].map((owner) => store().connections.claimForRefresh(ids, `run-${owner}`, now, until))
        );
        expect(results.flat().sort()).toEqual([...ids].sort());
        expect(new Set(results.flat()).size).toBe(ids.length);
        expect(await store().connections.claimForRefresh(ids, 'run-late', now, until)).toEqual([]);
        // A stale lock can be claimed again.
        const later = new Date(until.getTime() + 1);
        expect(await store().connections.claimForRefresh([ids[0], 'not-an-id'], 'run-next', later, new Date(later.getTime() + 1000))).toEqual([ids[0]]);
      });

      it('pages active connections of a login kind by id', async () => {
        const saved = await Promise.all([1, 2, 3].map(() => store().connections.upsertByInstagramUserId(connectionFactory({ loginKind: 'facebook', tokenExpiresAt: null }))));
        await store().connections.update(saved[1].id, { isActive: false });
        const seen: string[] = [];
        let afterId: string | null = null;
        for (;;) {
          const page = await store().connections.listActiveByKind({ loginKind: 'facebook', afterId, limit: 2 });
          seen.push(...page.map((c) => c.id));
          if (page.length < 2) break;
          afterId = page[page.length - 1].id;
        }
        expect(seen).toEqual(expect.arrayContaining([saved[0].id, saved[2].id]));
        expect(seen).not.toContain(saved[1].id);
      });

      it('searches end users’ connections by owner or Instagram username, in pages, and counts their owners', async () => {
        // Given two end users' connections (one of them with two) and an admin-side one, all named with this test's tag
        const tag = randomBytes(4).toString('hex');
        const [ana, ben] = [`ana-${tag}`, `ben-${tag}`];
        const ownersBefore = await store().connections.countUserOwners();
        const t0 = Date.now() - 3_600_000;
        const ofUser = (userId: string, username: string, minute: number) =>
          store().connections.upsertByInstagramUserId(
            connectionFactory({
              ownerKind: 'user',
              userId,
              connectedAt: new Date(t0 + minute * 60_000),
              profile: { ...connectionFactory().profile, username },
            })
          );
        const shots = await ofUser(ana, `Shots_${tag}`, 1);
        const art = await ofUser(ana, `art_${tag}`, 2);
        const travels = await ofUser(ben, `travels_${tag}`, 3);
        await store().connections.upsertByInstagramUserId(connectionFactory({ profile: { ...connectionFactory().profile, username: `admin_${tag}` } }));
        const users = { kind: 'users' } as const;
        const ids = (found: { results: Array<{ id: string }> }) => found.results.map((connection) => connection.id);

        // Then the owners are counted once each
        expect((await store().connections.countUserOwners()) - ownersBefore).toBe(2);
        // And an owner's connections come a page at a time, in list order, with the total
        const first = await store().connections.search(users, { userIds: [ana], username: '' }, { limit: 1, offset: 0 });
        expect({ ids: ids(first), total: first.total }).toEqual({ ids: [shots.id], total: 2 });
        const second = await store().connections.search(users, { userIds: [ana], username: '' }, { limit: 1, offset: 1 });
        expect(ids(second)).toEqual([art.id]);
        // And the Instagram username matches in any case, alone or beside an owner
        expect(ids(await store().connections.search(users, { userIds: [], username: `SHOTS_${tag}` }, { limit: 10, offset: 0 }))).toEqual([shots.id]);
        expect(ids(await store().connections.search(users, { userIds: [ben], username: `art_${tag}` }, { limit: 10, offset: 0 }))).toEqual([art.id, travels.id]);
        // And the admin side's never matches in the end users' scope
        expect((await store().connections.search(users, { userIds: [], username: `admin_${tag}` }, { limit: 10, offset: 0 })).total).toBe(0);
      });

      it('re-encrypts every token under the current key', async () => {
        const saved = await store().connections.upsertByInstagramUserId(connectionFactory());
        const before = await target().rawTokens(saved.instagramUserId);
        const newKey = randomBytes(32).toString('base64');
        const rotated = await target().withKeys([newKey, target().currentKey]);
        expect(await rotated.connections.reencryptTokens()).toBeGreaterThanOrEqual(1);
        const after = await target().rawTokens(saved.instagramUserId);
        expect(after.accessToken!.split(':')[1]).not.toBe(before.accessToken!.split(':')[1]);
        const onlyNew = await target().withKeys([newKey]);
        expect((await onlyNew.connections.findById(saved.id))?.accessToken).toBe(saved.accessToken);
        expect(await rotated.connections.reencryptTokens()).toBe(0);
      });
    });

    describe('oauth records', () => {
      it('hands a record to exactly one taker and encrypts its payload', async () => {
        const key = randomBytes(16).toString('hex');
        await store().oauth.create({
          key,
          kind: 'state',
          userId: '1',
          flow: 'instagram',
          payload: { token: 'test-pending-token' },
          expiresAt: new Date(Date.now() + 600_000),
        });
        expect((await store().oauth.find(key, 'state'))?.payload).toEqual({ token: 'test-pending-token' });
        expect(await store().oauth.find(key, 'pending')).toBeNull();
        const taken = await Promise.all([store().oauth.take(key, 'state'), store().oauth.take(key, 'state')]);
        expect(taken.filter(Boolean)).toHaveLength(1);
        expect(await store().oauth.take(key, 'state')).toBeNull();
      });

      it('deletes expired records', async () => {
        const key = randomBytes(16).toString('hex');
        await store().oauth.create({ key, kind: 'state', userId: '1', flow: 'facebook', payload: {}, expiresAt: new Date(Date.now() - 1000) });
        expect(await store().oauth.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
        expect(await store().oauth.find(key, 'state')).toBeNull();
      });
    });

    describe('publications', () => {
      it('creates, filters and pages', async () => {
        const documentId = `doc-${randomBytes(6).toString('hex')}`;
        await store().publications.create(publicationFactory({ documentId, status: 'failed' }));
        const second = await store().publications.create(publicationFactory({ documentId, status: 'published', permalink: 'https://www.instagram.com/p/x/' }));
        const all = await store().publications.list({ documentId, page: 1, pageSize: 10 });
        expect(all.total).toBe(2);
        expect(all.results[0].id).toBe(second.id);
        const published = await store().publications.list({ documentId, status: ['published'], page: 1, pageSize: 10 });
        expect(published.results.map((p) => p.permalink)).toEqual(['https://www.instagram.com/p/x/']);
        const paged = await store().publications.list({ documentId, page: 2, pageSize: 1 });
        expect(paged.results).toHaveLength(1);
        expect(paged.total).toBe(2);
      });

      it('inserts several rows in one write', async () => {
        const documentId = `doc-${randomBytes(6).toString('hex')}`;
        const error = { code: 9, subcode: 2207042, class: 'defer', message: 'Publishing limit reached' };
        await store().publications.createMany([
          publicationFactory({ documentId, locale: 'en', state: { warnings: ['a note'] }, error }),
          publicationFactory({ documentId, locale: 'fr' }),
        ]);
        await store().publications.createMany([]);
        const rows = await store().publications.list({ documentId, page: 1, pageSize: 10 });
        expect(rows.results.map((publication) => publication.locale).sort()).toEqual(['en', 'fr']);
        const english = rows.results.find((publication) => publication.locale === 'en')!;
        expect(english).toMatchObject({ status: 'queued', caption: 'Hello', kind: 'image', state: { warnings: ['a note'] }, error, runAt: expect.any(Date), createdAt: expect.any(Date) });
        expect(Math.abs(english.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      });

      it('finds the publications that posted given media ids', async () => {
        const mediaId = `1800${randomBytes(6).toString('hex')}`;
        const posted = await store().publications.create(publicationFactory({ status: 'published', mediaId }));
        await store().publications.create(publicationFactory({ status: 'published', mediaId: `${mediaId}9` }));
        const found = await store().publications.list({ mediaIds: [mediaId, 'not-posted'], page: 1, pageSize: 10 });
        expect(found.results.map((publication) => publication.id)).toEqual([posted.id]);
      });

      it('claims each due publication for one owner only', async () => {
        const created = await Promise.all(
          Array.from({ length: 4 }, () => store().publications.create(publicationFactory({ runAt: new Date(Date.now() - 60_000) })))
        );
        const now = new Date();
        const leaseUntil = new Date(now.getTime() + 60_000);
        const [a, b] = await Promise.all([
          store().publications.claimDue({ now, owner: 'worker-a', leaseUntil, limit: 50 }),
          store().publications.claimDue({ now, owner: 'worker-b', leaseUntil, limit: 50 }),
        ]);
        const mine = new Set(created.map((p) => p.id));
        const claimedA = a.filter((p) => mine.has(p.id)).map((p) => p.id);
        const claimedB = b.filter((p) => mine.has(p.id)).map((p) => p.id);
        expect([...claimedA, ...claimedB].sort()).toEqual([...mine].sort());
        expect(claimedA.filter((id) => claimedB.includes(id))).toEqual([]);
        const target = created[0].id;
        const owner = claimedA.includes(target) ? 'worker-a' : 'worker-b';
        expect(await store().publications.updateLeased(target, 'someone-else', { status: 'preparing' })).toBe(false);
        expect(await store().publications.updateLeased(target, owner, { status: 'preparing' })).toBe(true);
        expect(await store().publications.updateIfStatus(target, ['queued'], { status: 'cancelled' })).toBe(false);
        expect(await store().publications.updateIfStatus(target, ['preparing'], { status: 'cancelled' })).toBe(true);
        expect((await store().publications.findById(target))?.status).toBe('cancelled');
      });

      it('gives an owner back its own leases on rows it no longer runs, and never another owner\'s', async () => {
        // Given three due rows leased for an hour: two by worker-a (one still running there), one by worker-b
        const now = new Date();
        const hour = new Date(now.getTime() + 3_600_000);
        const due = (leaseOwner: string) => store().publications.create(publicationFactory({ runAt: new Date(Date.now() - 60_000), leaseOwner, leaseUntil: hour }));
        const [stranded, running, others] = await Promise.all([due('worker-a'), due('worker-a'), due('worker-b')]);
        // When worker-a claims, saying which of its rows it is running
        const claimed = (await store().publications.claimDue({ now, owner: 'worker-a', leaseUntil: hour, limit: 50, running: [running.id] })).map((p) => p.id);
        // Then it gets back the row its lost run still leased, and neither the running one nor worker-b's
        expect(claimed).toContain(stranded.id);
        expect(claimed).not.toContain(running.id);
        expect(claimed).not.toContain(others.id);
        // And without `running` an owner's live leases are left alone, as before
        const again = (await store().publications.claimDue({ now, owner: 'worker-a', leaseUntil: hour, limit: 50 })).map((p) => p.id);
        expect(again).not.toContain(stranded.id);
      });

      it('claims a published row a dead run left leased, once its lease lapsed, and never a freed or live one', async () => {
        // Given three published rows: one whose instance died holding it, one still leased, one freed
        const now = new Date();
        const posted = (leaseOwner: string | null, leaseUntil: Date | null) =>
          store().publications.create(publicationFactory({ status: 'published', mediaId: `m-${Math.random().toString(36).slice(2)}`, runAt: new Date(0), leaseOwner, leaseUntil }));
        const [orphaned, live, freed] = await Promise.all([
          posted('dead-instance', new Date(now.getTime() - 1_000)),
          posted('busy-instance', new Date(now.getTime() + 3_600_000)),
          posted(null, null),
        ]);
        // When another worker claims, twice at once
        const leaseUntil = new Date(now.getTime() + 60_000);
        const [a, b] = await Promise.all([
          store().publications.claimDue({ now, owner: 'worker-a', leaseUntil, limit: 50 }),
          store().publications.claimDue({ now, owner: 'worker-b', leaseUntil, limit: 50 }),
        ]);
        const ids = [...a, ...b].map((p) => p.id);
        // Then exactly one of them gets the orphaned row, and neither the live nor the freed one
        expect(ids.filter((id) => id === orphaned.id)).toHaveLength(1);
        expect(ids).not.toContain(live.id);
        expect(ids).not.toContain(freed.id);
      });

      it('does not claim future or finished publications, and reports the next run time', async () => {
        const future = new Date(Date.now() + 3_600_000);
        const scheduled = await store().publications.create(publicationFactory({ runAt: future, trigger: 'schedule', scheduledAt: future }));
        await store().publications.create(publicationFactory({ status: 'published', runAt: new Date(0) }));
        const claimed = await store().publications.claimDue({ now: new Date(), owner: 'w', leaseUntil: new Date(Date.now() + 1000), limit: 100 });
        expect(claimed.map((p) => p.id)).not.toContain(scheduled.id);
        expect(claimed.every((p) => p.status !== 'published')).toBe(true);
        const next = await store().publications.nextRunAt();
        expect(next).not.toBeNull();
        expect(next!.getTime()).toBeLessThanOrEqual(future.getTime());
      });

      it('lets one publication at a time hold a dedupe key, whoever races for it', async () => {
        const key = `key-${randomBytes(6).toString('hex')}`;
        const rows = await Promise.all(
          ['a', 'b', 'c'].map((owner) => store().publications.create(publicationFactory({ leaseOwner: owner, leaseUntil: new Date(Date.now() + 60_000) })))
        );
        const won = await Promise.all(rows.map((row, index) => store().publications.takeDedupeKey(row.id, ['a', 'b', 'c'][index], key)));
        expect(won.filter(Boolean)).toHaveLength(1);
        const holder = rows[won.indexOf(true)];
        expect((await store().publications.list({ dedupeKey: key, page: 1, pageSize: 10 })).results.map((p) => p.id)).toEqual([holder.id]);
        // Only the lease owner may take a key, and a released key is free again.
        const other = rows.find((row) => row.id !== holder.id)!;
        expect(await store().publications.takeDedupeKey(other.id, 'not-the-owner', `${key}-x`)).toBe(false);
        await store().publications.update(holder.id, { dedupeKey: null });
        expect(await store().publications.takeDedupeKey(other.id, other.leaseOwner!, key)).toBe(true);
        expect((await store().publications.findById(other.id))?.dedupeKey).toBe(key);
      });

      it('finds the newest end-user publication of each connection', async () => {
        // Given an end user's failed then published posts to one connection, and the admin side's posts after them
        const [mine, adminOnly] = [uniqueId(), uniqueId()];
        await store().publications.create(publicationFactory({ connectionId: mine, ownerUserId: '7', status: 'failed' }));
        const latest = await store().publications.create(publicationFactory({ connectionId: mine, ownerUserId: '7', status: 'published', permalink: 'https://www.instagram.com/p/x/' }));
        await store().publications.create(publicationFactory({ connectionId: mine, ownerUserId: null }));
        await store().publications.create(publicationFactory({ connectionId: adminOnly, ownerUserId: null }));
        // When the newest of each is asked for
        const found = await store().publications.latestOfUserConnections([mine, adminOnly, uniqueId()]);
        // Then only the end user's newest post is found
        expect([...found.keys()]).toEqual([mine]);
        expect(found.get(mine)).toMatchObject({ id: latest.id, status: 'published', permalink: 'https://www.instagram.com/p/x/' });
        expect((await store().publications.latestOfUserConnections([])).size).toBe(0);
      });

      describePublicationNumbers(store);

      it('keeps step state, errors and dates', async () => {
        const saved = await store().publications.create(publicationFactory());
        const updated = await store().publications.update(saved.id, {
          state: { containers: ['1', '2'], parent: '3' },
          error: { code: 9, subcode: 2207042, class: 'defer', message: 'Quota reached' },
          publishedAt: new Date('2026-01-02T03:04:05.000Z'),
        });
        expect(updated?.state).toEqual({ containers: ['1', '2'], parent: '3' });
        expect(updated?.error).toEqual({ code: 9, subcode: 2207042, class: 'defer', message: 'Quota reached' });
        expect(updated?.publishedAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
        expect(await store().publications.findById('nope')).toBeNull();
      });
    });

    describe('settings', () => {
      it('stores and replaces JSON values', async () => {
        const key = `test-${randomBytes(4).toString('hex')}`;
        expect(await store().settings.get(key)).toBeNull();
        await store().settings.set(key, { a: 1 });
        await store().settings.set(key, { a: 2, list: ['x'] });
        expect(await store().settings.get(key)).toEqual({ a: 2, list: ['x'] });
      });
    });
  });
};
