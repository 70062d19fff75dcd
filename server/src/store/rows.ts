import type { Connection, Profile, PublicationError } from './types';

/** Shared coercions for rows read back from either backend (dates come back as strings on SQLite). */
export const toDate = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date;
};

export const toRequiredDate = (value: unknown): Date => toDate(value) ?? new Date(0);

export const toStringOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

const toNumberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export const emptyProfile = (username = ''): Profile => ({
  username,
  name: null,
  accountType: null,
  profilePictureUrl: null,
  biography: null,
  website: null,
  followersCount: null,
  followsCount: null,
  mediaCount: null,
});

export const toProfile = (value: unknown): Profile => {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    username: typeof raw.username === 'string' ? raw.username : '',
    name: toStringOrNull(raw.name),
    accountType: toStringOrNull(raw.accountType),
    profilePictureUrl: toStringOrNull(raw.profilePictureUrl),
    biography: toStringOrNull(raw.biography),
    website: toStringOrNull(raw.website),
    followersCount: toNumberOrNull(raw.followersCount),
    followsCount: toNumberOrNull(raw.followsCount),
    mediaCount: toNumberOrNull(raw.mediaCount),
  };
};

export const toStringArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export const toRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const toPublicationError = (value: unknown): PublicationError | null => {
  if (!value || typeof value !== 'object') return null;
  const raw = value as Record<string, unknown>;
  return {
    code: toNumberOrNull(raw.code),
    subcode: toNumberOrNull(raw.subcode),
    class: toStringOrNull(raw.class),
    message: typeof raw.message === 'string' ? raw.message : 'Unknown error',
  };
};

export const CONNECTION_TOKEN_FIELDS = ['accessToken', 'userAccessToken'] as const satisfies ReadonlyArray<keyof Connection>;
