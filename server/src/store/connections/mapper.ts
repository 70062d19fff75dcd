import { toDate, toNumberOrNull, toRecord, toRequiredDate, toStringArray, toStringOrNull } from '../rows';
import type { StoredRow } from '../query';
import type { TokenCodec } from '../tokens';
import type { Connection, ConnectionPatch, ConnectionStatus, LoginKind, Profile } from '../types';

/** Every stored field of a connection: the domain's, and the refresh lock's owner that only the store reads. */
export type ConnectionField = keyof Connection | 'refreshLockOwner';

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
});

export type ConnectionMapper = ReturnType<typeof createConnectionMapper>;
