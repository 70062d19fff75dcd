import { healthOf, toConnectionView } from '../../../server/src/services/connections';
import type { Connection } from '../../../server/src/store/types';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00.000Z');

const connection = (overrides: Partial<Connection> = {}): Connection => ({
  id: '1',
  ownerKind: 'admin',
  userId: '7',
  connectedByName: 'Ada Admin',
  instagramUserId: '17841400000000001',
  loginKind: 'instagram',
  pageId: null,
  pageName: null,
  appScopedUserId: '26000000000000001',
  accessToken: 'test-token-never-shown',
  userAccessToken: 'test-user-token-never-shown',
  tokenIssuedAt: new Date(now.getTime() - 10 * DAY),
  tokenExpiresAt: new Date(now.getTime() + 50 * DAY),
  dataAccessExpiresAt: null,
  profile: { username: 'brand', name: 'Brand', accountType: 'BUSINESS', profilePictureUrl: null, biography: null, website: null, followersCount: 10, followsCount: 1, mediaCount: 2 },
  scopes: ['instagram_business_basic'],
  status: 'active',
  isActive: true,
  lastError: null,
  connectedAt: new Date(now.getTime() - 10 * DAY),
  lastSyncedAt: null,
  lastRefreshedAt: null,
  refreshLockedUntil: null,
  createdAt: now,
  updatedAt: now,
  ...overrides,
});

describe('connection health', () => {
  it.each([
    ['a fresh token', {}, 'healthy'],
    ['a token expiring in 3 days', { tokenExpiresAt: new Date(now.getTime() + 3 * DAY) }, 'expiring'],
    ['an expired token', { tokenExpiresAt: new Date(now.getTime() - DAY) }, 'reconnect_needed'],
    ['a token Meta rejected', { status: 'reconnect_needed' as const, lastError: 'Token revoked. Connect the account again.' }, 'reconnect_needed'],
    ['a deauthorized account', { status: 'deauthorized' as const, isActive: false, accessToken: null }, 'reconnect_needed'],
    ['a Page token whose data access lapses in 5 days', { loginKind: 'facebook' as const, tokenExpiresAt: null, dataAccessExpiresAt: new Date(now.getTime() + 5 * DAY) }, 'data_access_expiring'],
    ['a Page token that never expires', { loginKind: 'facebook' as const, tokenExpiresAt: null, dataAccessExpiresAt: new Date(now.getTime() + 80 * DAY) }, 'healthy'],
  ])('%s is %s', (_label, overrides, expected) => {
    expect(healthOf(connection(overrides as Partial<Connection>), now).health).toBe(expected);
  });

  it('says what to do: reconnect, grant permissions, or act in the Instagram app', () => {
    // Given connections marked by the worker or the refresh job
    const restricted = connection({ status: 'action_required', lastError: 'Instagram has restricted or checkpointed this account.' });
    const permission = connection({ status: 'reconnect_needed', lastError: 'The connection is missing a permission. Connect the account again and allow every permission asked.' });
    // Then health names the action the card shows in words
    expect(healthOf(restricted, now)).toEqual({ health: 'action_required', reason: restricted.lastError, action: 'open_instagram_app' });
    expect(healthOf(permission, now)).toMatchObject({ health: 'reconnect_needed', action: 'grant_permissions' });
    // And the reason says what happened once, the advice being the action's line on the card
    expect(healthOf(permission, now).reason).toBe('The connection is missing a permission.');
    expect(toConnectionView(permission, now).lastError).toBe(permission.lastError);
    expect(healthOf(connection({ status: 'reconnect_needed', lastError: 'Token revoked. Connect the account again.' }), now).action).toBe('reconnect');
    expect(healthOf(connection({ tokenExpiresAt: new Date(now.getTime() - DAY) }), now).action).toBe('reconnect');
    expect(healthOf(connection(), now).action).toBeNull();
    expect(toConnectionView(restricted, now)).toMatchObject({ health: 'action_required', healthAction: 'open_instagram_app' });
  });

  it('gives the stored reason when Meta rejected the token', () => {
    expect(healthOf(connection({ status: 'reconnect_needed', lastError: 'Token revoked.' }), now).reason).toBe('Token revoked.');
  });

  it('shows everything but the tokens', () => {
    const view = toConnectionView(connection(), now);
    expect(view).toMatchObject({ id: '1', health: 'healthy', connectedBy: { id: '7', name: 'Ada Admin' }, tokenExpiresAt: '2026-07-21T12:00:00.000Z' });
    expect(JSON.stringify(view)).not.toContain('never-shown');
  });
});
