import { PLUGIN_EVENTS } from '../../../server/src/contracts/events';
import { EVENTS, webhookKeyOf } from '../../../server/src/events/names';
import { commentPayload, failedPayload, mentionPayload, needsReconnectPayload, publishedPayload } from '../../../server/src/events/payloads';
import type { Connection, Publication } from '../../../server/src/store/types';

const SECRETS = ['IGQVJ-access-token-secret', 'EAAB-user-token-secret', 'app-secret-value', 'oauth-code-value'];

/** A connection as the store hands it out: decrypted tokens included, plus fields nobody declared. */
const connection = (patch: Partial<Connection> = {}): Connection =>
  ({
    id: '7',
    ownerKind: 'admin',
    userId: '1',
    connectedByName: 'Editor',
    instagramUserId: '1789',
    loginKind: 'instagram',
    pageId: null,
    pageName: null,
    appScopedUserId: '55',
    accessToken: SECRETS[0],
    userAccessToken: SECRETS[1],
    tokenIssuedAt: new Date('2026-11-01T00:00:00Z'),
    tokenExpiresAt: new Date('2026-12-31T00:00:00Z'),
    dataAccessExpiresAt: null,
    profile: { username: 'brand', name: null, accountType: 'BUSINESS', profilePictureUrl: null, biography: null, website: null, followersCount: 3, followsCount: 1, mediaCount: 2, accessToken: SECRETS[0] } as any,
    scopes: ['instagram_business_basic'],
    status: 'reconnect_needed',
    isActive: true,
    lastError: 'The access token is no longer valid. Connect the account again.',
    connectedAt: new Date(),
    lastSyncedAt: null,
    lastRefreshedAt: null,
    refreshLockedUntil: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    appSecret: SECRETS[2],
    ...patch,
  }) as Connection;

const publication = (patch: Partial<Publication> = {}): Publication =>
  ({
    id: '42',
    uid: 'api::article.article',
    documentId: 'doc1',
    locale: 'en',
    connectionId: '7',
    status: 'published',
    kind: 'image',
    caption: 'Hello',
    contentHash: 'hash',
    trigger: 'publish',
    scheduledAt: null,
    runAt: new Date(),
    attempts: 0,
    state: { accessToken: SECRETS[0], code: SECRETS[3] },
    input: { token: SECRETS[1] },
    mediaId: '1799',
    permalink: 'https://www.instagram.com/p/abc/',
    error: null,
    publishedAt: new Date('2026-12-03T10:00:00Z'),
    accountUsername: 'brand',
    ownerUserId: null,
    ...patch,
  }) as Publication;

const leaks = (payload: unknown) => SECRETS.filter((secret) => JSON.stringify(payload).includes(secret));

describe('event payloads', () => {
  it('names five events, each a webhook key Strapi accepts', () => {
    expect(PLUGIN_EVENTS).toEqual(Object.values(EVENTS));
    expect(PLUGIN_EVENTS.map(webhookKeyOf)).toContain('INSTAGRAM_PUBLISHER_PUBLICATION_PUBLISHED');
    expect(new Set(PLUGIN_EVENTS.map(webhookKeyOf)).size).toBe(PLUGIN_EVENTS.length);
  });

  it('describes a published post without its state, input or the connection token', () => {
    const payload = publishedPayload(publication(), connection({ status: 'active' }));
    expect(payload).toEqual({
      publication: {
        id: '42',
        ownerUserId: null,
        uid: 'api::article.article',
        documentId: 'doc1',
        locale: 'en',
        connectionId: '7',
        kind: 'image',
        mediaId: '1799',
        permalink: 'https://www.instagram.com/p/abc/',
        publishedAt: '2026-12-03T10:00:00.000Z',
      },
      account: { id: '1789', username: 'brand' },
    });
    expect(leaks(payload)).toEqual([]);
  });

  it('describes a failure by code, subcode and message only', () => {
    const error = { code: 190, subcode: 460, class: 'reauth', message: 'Reconnect', accessToken: SECRETS[0] } as any;
    const payload = failedPayload(publication({ status: 'failed', publishedAt: null }), error);
    expect(payload.error).toEqual({ code: 190, subcode: 460, message: 'Reconnect' });
    expect(payload.publication.publishedAt).toBeNull();
    expect(leaks(payload)).toEqual([]);
  });

  it('describes a connection needing attention without any token', () => {
    const payload = needsReconnectPayload(connection());
    expect(payload).toEqual({
      connection: { id: '7', ownerKind: 'admin', userId: '1', username: 'brand', loginKind: 'instagram', health: 'reconnect_needed', healthReason: expect.stringMatching(/no longer valid/) },
    });
    expect(needsReconnectPayload(connection({ status: 'action_required' })).connection.health).toBe('action_required');
    expect(needsReconnectPayload(connection({ status: 'deauthorized', ownerKind: 'user', userId: '9' })).connection).toMatchObject({ health: 'reconnect_needed', ownerKind: 'user', userId: '9' });
    expect(leaks(payload)).toEqual([]);
  });

  it('copies only the declared fields of comments and mentions, whatever the source carries', () => {
    const comment = commentPayload({ id: 1, mediaId: 'm', text: 'Nice', username: 'fan', timestamp: '2026-12-03T10:00:00+0000', parentId: null, access_token: SECRETS[0] } as any, connection());
    expect(comment).toEqual({ comment: { id: '1', mediaId: 'm', text: 'Nice', username: 'fan', timestamp: '2026-12-03T10:00:00+0000', parentId: null }, account: { id: '1789', username: 'brand' } });
    const mention = mentionPayload({ mediaId: 'm', commentId: 5, code: SECRETS[3] } as any, connection());
    expect(mention).toEqual({ mention: { mediaId: 'm', commentId: '5' }, account: { id: '1789', username: 'brand' } });
    expect(leaks([comment, mention])).toEqual([]);
  });
});
