import { REFRESHED_STATUSES } from '../statuses';
import type { Filter, Sort } from '../query';
import type { ConnectionOwner, LoginKind, OwnerScope, RefreshCursor } from '../types';
import { ownerKeyOf, type ConnectionField } from './mapper';

/**
 * Which connections each query means, written once for every backend (each renders them in its
 * own dialect, see ../query.ts). A rule about whose connections a caller may see (an owner) joins
 * these filters here, so no backend can apply it differently.
 */
export type ConnectionFilter = Filter<ConnectionField>;
export type ConnectionSort = Sort<ConnectionField>;

export const byId = (id: string): ConnectionFilter => ({ id });

export const byIds = (ids: readonly string[]): ConnectionFilter => ({ id: { $in: ids } });

/** The connections a scope means: the admin side's, one end user's, or every end user's. */
export const byOwner = (scope: OwnerScope): ConnectionFilter =>
  scope.kind === 'users' ? { ownerKind: 'user' } : { ownerKey: ownerKeyOf(scope) };

export const ownedBy = (id: string, owner: ConnectionOwner): ConnectionFilter => ({ id, ...byOwner(owner) });

/** One owner's connection of an Instagram account (the pair is unique in the store). */
export const byInstagramUserId = (instagramUserId: string, owner: ConnectionOwner): ConnectionFilter => ({
  instagramUserId,
  ...byOwner(owner),
});

/** Connections stored before owners existed: they were all the admin side's. */
export const UNOWNED: ConnectionFilter = { ownerKey: null };

/** Meta's callbacks name an account by its app-scoped user id or its professional account id. */
export const byMetaUserId = (metaUserId: string): ConnectionFilter => ({
  $or: [{ appScopedUserId: metaUserId }, { instagramUserId: metaUserId }],
});

export const ALL: ConnectionFilter = {};

export const LIST_ORDER: ConnectionSort = [
  ['connectedAt', 'asc'],
  ['id', 'asc'],
];

/** What the refresh job visits: active and restricted connections of a login kind that still hold a token. */
const refreshable = (loginKind: LoginKind): ConnectionFilter => ({
  loginKind,
  isActive: true,
  status: { $in: REFRESHED_STATUSES },
  accessToken: { $ne: null },
});

/**
 * Due for refresh: expiring before `expiresBefore`, or restricted whatever the expiry (each run checks
 * whether Instagram accepts them again); after the keyset cursor (tokenExpiresAt, id).
 */
export const dueForRefresh = (query: { loginKind: LoginKind; expiresBefore: Date | null; after: RefreshCursor | null }): ConnectionFilter => {
  const and: ConnectionFilter[] = [];
  if (query.expiresBefore) {
    and.push({ tokenExpiresAt: { $ne: null } });
    and.push({ $or: [{ tokenExpiresAt: { $lt: query.expiresBefore } }, { status: 'action_required' }] });
  }
  if (query.after) {
    const { tokenExpiresAt, id } = query.after;
    and.push({ $or: [{ tokenExpiresAt: { $gt: tokenExpiresAt } }, { tokenExpiresAt, id: { $gt: id } }] });
  }
  return and.length ? { ...refreshable(query.loginKind), $and: and } : refreshable(query.loginKind);
};

export const DUE_FOR_REFRESH_ORDER: ConnectionSort = [
  ['tokenExpiresAt', 'asc'],
  ['id', 'asc'],
];

/** Active and restricted connections of a login kind after `afterId` (tokens that never expire). */
export const activeOfKind = (query: { loginKind: LoginKind; afterId: string | null }): ConnectionFilter =>
  query.afterId ? { ...refreshable(query.loginKind), id: { $gt: query.afterId } } : refreshable(query.loginKind);

export const ID_ORDER: ConnectionSort = [['id', 'asc']];

/** Connections of `ids` whose refresh lock is free or stale at `now`. */
export const refreshLockFree = (ids: string[], now: Date): ConnectionFilter => ({
  id: { $in: ids },
  $or: [{ refreshLockedUntil: null }, { refreshLockedUntil: { $lte: now } }],
});

/** Connections of `ids` that `owner` locked until `lockUntil`: the claims it won. */
export const refreshLockHeldBy = (ids: string[], owner: string, lockUntil: Date): ConnectionFilter => ({
  id: { $in: ids },
  refreshLockOwner: owner,
  refreshLockedUntil: lockUntil,
});
