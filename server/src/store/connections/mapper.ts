import { toDate, toNumberOrNull, toRecord, toRequiredDate, toStringArray, toStringOrNull } from '../rows';
import type { StoredRow } from '../query';
import type { TokenCodec } from '../tokens';
import type { Connection, ConnectionOwner, ConnectionPatch, ConnectionStatus, ConnectionWrite, LoginKind, Profile } from '../types';

/**
 * Every stored field of a connection: the domain's, the refresh lock's owner that only the store
 * reads, and the owner key that makes (owner, Instagram account) unique (see ownerKeyOf).
 */
export type ConnectionField = keyof Connection | 'refreshLockOwner' | 'ownerKey';

/**
 * Domain field → content-type attribute, where schema.json names it otherwise. MongoDB documents
 * keep the domain names (the shape other services read), so only Strapi's tables rename.
 */
export const CONNECTION_ATTRIBUTES = { status: 'connectionStatus' } as const satisfies Partial<Record<ConnectionField, string>>;

export const CONNECTION_TOKEN_FIELDS = ['accessToken', 'userAccessToken'] as const satisfies ReadonlyArray<ConnectionField>;

/**
 * The profile's fields and kinds: one list for reading stored profiles and for the `profile`
 * subdocument of MongoDB's `instagram_connections` (Strapi stores it as JSON).
 */
export const PROFILE_FIELDS = {
  username: 'string',
  name: 'string',
  accountType: 'string',
  profilePictureUrl: 'string',
  biography: 'string',
  website: 'string',
  followersCount: 'number',
  followsCount: 'number',
  mediaCount: 'number',
} as const satisfies Record<keyof Profile, 'string' | 'number'>;

export const toProfile = (value: unknown): Profile => {
  const raw = toRecord(value);
  const profile = Object.fromEntries(
    Object.entries(PROFILE_FIELDS).map(([field, kind]) => [field, kind === 'number' ? toNumberOrNull(raw[field]) : toStringOrNull(raw[field])])
  );
  return { ...profile, username: typeof raw.username === 'string' ? raw.username : '' } as Profile;
};

/** One mapping between a connection and its stored record, whichever backend holds it. */
export const createConnectionMapper = (tokens: TokenCodec) => ({
  fromRow: (row: StoredRow): Connection => ({
    id: String(row.id),
    ownerKind: row.ownerKind === 'user' ? 'user' : 'admin',
    userId: toStringOrNull(row.userId),
    connectedByName: toStringOrNull(row.connectedByName),
    instagramUserId: String(row.instagramUserId),
    loginKind: row.loginKind as LoginKind,
    pageId: toStringOrNull(row.pageId),
    pageName: toStringOrNull(row.pageName),
    appScopedUserId: toStringOrNull(row.appScopedUserId),
    accessToken: tokens.open(row.accessToken),
    userAccessToken: tokens.open(row.userAccessToken),
    tokenIssuedAt: toDate(row.tokenIssuedAt),
    tokenExpiresAt: toDate(row.tokenExpiresAt),
    dataAccessExpiresAt: toDate(row.dataAccessExpiresAt),
    profile: toProfile(row.profile),
    scopes: toStringArray(row.scopes),
    status: (row.status ?? 'active') as ConnectionStatus,
    // SQLite hands booleans back as 0 and 1.
    isActive: row.isActive !== false && row.isActive !== 0,
    lastError: toStringOrNull(row.lastError),
    connectedAt: toRequiredDate(row.connectedAt ?? row.createdAt),
    lastSyncedAt: toDate(row.lastSyncedAt),
    lastRefreshedAt: toDate(row.lastRefreshedAt),
    refreshLockedUntil: toDate(row.refreshLockedUntil),
    createdAt: toRequiredDate(row.createdAt),
    updatedAt: toRequiredDate(row.updatedAt),
  }),
  toRow: (patch: ConnectionPatch): StoredRow => tokens.seal(patch, CONNECTION_TOKEN_FIELDS),
  /** A first write: the patch's fields and the owner's, which no later patch changes. */
  toNewRow: (data: ConnectionWrite): StoredRow => {
    const owner = ownerOf(data);
    return { ...tokens.seal({ ...data, ownerKind: owner.kind }, CONNECTION_TOKEN_FIELDS), ownerKey: ownerKeyOf(owner) };
  },
});

/** The owner a written connection names: an end user when `ownerKind` says so, else the admin side. */
export const ownerOf = (data: Pick<ConnectionWrite, 'ownerKind' | 'userId'>): ConnectionOwner => {
  if (data.ownerKind !== 'user') return { kind: 'admin' };
  if (!data.userId) throw new Error('instagram-publisher: an end user’s connection needs its userId');
  return { kind: 'user', userId: data.userId };
};

/**
 * One stored value per owner ('admin', or 'user:<id>'), so one unique index over (ownerKey,
 * instagramUserId) says "once on the admin side, once per end user" in both backends.
 */
export const ownerKeyOf = (owner: ConnectionOwner): string => (owner.kind === 'admin' ? 'admin' : `user:${owner.userId}`);

export type ConnectionMapper = ReturnType<typeof createConnectionMapper>;
