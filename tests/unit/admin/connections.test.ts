import { defaultAccountId, handleOf, isUsable, mappingAccountProblem, usableConnections } from '../../../admin/src/utils/connections';
import { hasPassed } from '../../../admin/src/utils/dates';
import { joinParts, publicationAccount } from '../../../admin/src/utils/publications';
import type { ConnectionView } from '../../../server/src/contracts';

const connection = (id: string, username: string | null, patch: Partial<ConnectionView> = {}): ConnectionView => ({
  id,
  loginKind: 'instagram',
  instagramUserId: `1784140000000000${id}`,
  pageId: null,
  pageName: null,
  // The server sends '' for an account whose username it has not read yet.
  profile: { username: username ?? '', name: null, accountType: null, profilePictureUrl: null, biography: null, website: null, followersCount: null, followsCount: null, mediaCount: null },
  scopes: [],
  tokenExpiresAt: null,
  dataAccessExpiresAt: null,
  health: 'healthy',
  healthReason: null,
  healthAction: null,
  lastError: null,
  connectedBy: null,
  connectedAt: null,
  lastSyncedAt: null,
  lastRefreshedAt: null,
  status: 'active',
  isActive: true,
  insightsAccess: 'ok',
  ...patch,
});

describe('accounts in the admin', () => {
  const brand = connection('1', 'sandbox_brand');
  const creator = connection('2', 'sandbox_creator');
  const lapsed = connection('3', 'sandbox_cafe', { status: 'reconnect_needed', health: 'reconnect_needed' });

  it('offers only the accounts the server would post to', () => {
    expect(isUsable(brand)).toBe(true);
    expect(isUsable(lapsed)).toBe(false);
    expect(isUsable(connection('4', 'x', { isActive: false }))).toBe(false);
    expect(usableConnections([brand, lapsed, creator]).map((item) => item.id)).toEqual(['1', '2']);
    expect(handleOf(connection('5', null))).toBe('@17841400000000005');
  });

  it('preselects the mapping\'s account, else the only usable one, else none (the editor chooses)', () => {
    expect(defaultAccountId('2', [brand, creator])).toBe('2');
    expect(defaultAccountId(null, [brand, lapsed])).toBe('1');
    // The mapping's account was disconnected: the only account left is proposed
    expect(defaultAccountId('99', [brand])).toBe('1');
    expect(defaultAccountId(null, [brand, creator])).toBeNull();
    expect(defaultAccountId('3', [lapsed])).toBeNull();
  });

  it('says when a mapping names an account that can no longer post', () => {
    expect(mappingAccountProblem(null, [brand])).toBeNull();
    expect(mappingAccountProblem('1', [brand])).toBeNull();
    expect(mappingAccountProblem('99', [brand])).toEqual({ kind: 'missing' });
    expect(mappingAccountProblem('3', [brand, lapsed])).toEqual({ kind: 'unusable', connection: lapsed });
  });
});

describe('publication summaries', () => {
  it('keeps the account a post went to after that account is disconnected', () => {
    expect(publicationAccount({ connection: { username: 'sandbox_brand', connected: true } })).toEqual({ handle: '@sandbox_brand', connected: true });
    expect(publicationAccount({ connection: { username: 'sandbox_brand', connected: false } })).toEqual({ handle: '@sandbox_brand', connected: false });
    expect(publicationAccount({ connection: null })).toBeNull();
  });

  it('joins the parts it has, never starting with a separator', () => {
    expect(joinParts([null, 'Image'])).toBe('Image');
    expect(joinParts(['@sandbox_brand', 'Image'])).toBe('@sandbox_brand · Image');
    expect(joinParts([null, undefined, false])).toBe('');
  });

  it('tells a time that passed while the dialog was open', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(hasPassed(new Date('2026-11-27T09:59:00Z'), now)).toBe(true);
    expect(hasPassed(new Date('2026-11-27T10:00:00Z'), now)).toBe(true);
    expect(hasPassed(new Date('2026-11-27T10:15:00Z'), now)).toBe(false);
  });
});
