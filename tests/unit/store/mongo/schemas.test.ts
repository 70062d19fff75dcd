import connectionType from '../../../../server/src/content-types/connection/schema.json';
import oauthRecordType from '../../../../server/src/content-types/oauth-record/schema.json';
import settingType from '../../../../server/src/content-types/setting/schema.json';
import { PROFILE_FIELDS } from '../../../../server/src/store/connections/mapper';
import { connectionSchema, deriveFields, oauthRecordSchema, settingSchema } from '../../../../server/src/store/mongo/schemas';

/** The paths a schema declares, without the ones mongoose adds to every document. */
const declaredPaths = (schema: typeof connectionSchema) =>
  Object.keys(schema.paths).filter((path) => !['_id', '__v', 'createdAt', 'updatedAt'].includes(path)).sort();

const optionsOf = (schema: typeof connectionSchema, path: string) => schema.path(path).options as Record<string, unknown>;

describe('MongoDB schemas derived from the content types', () => {
  it('gives instagram_connections every attribute of the connection content type, `status` for `connectionStatus`, and the profile subdocument', () => {
    const attributes = Object.keys(connectionType.attributes).map((name) => (name === 'connectionStatus' ? 'status' : name));
    const expected = [
      ...attributes.filter((name) => name !== 'profile'),
      ...Object.keys(PROFILE_FIELDS).map((field) => `profile.${field}`),
    ].sort();
    expect(declaredPaths(connectionSchema)).toEqual(expected);
    // The document shape other services read (shared/instagram-api.md §5)
    expect(expected).toEqual(
      expect.arrayContaining(['userId', 'instagramUserId', 'accessToken', 'tokenExpiresAt', 'profile.username', 'profile.followersCount', 'scopes', 'connectedAt', 'lastSyncedAt', 'lastError', 'isActive'])
    );
    expect(connectionSchema.get('timestamps')).toBe(true);
    expect(connectionSchema.get('collection')).toBe('instagram_connections');
  });

  it('carries the status and login-kind enums, defaults and unique flags of schema.json', () => {
    expect(optionsOf(connectionSchema, 'status')).toMatchObject({ enum: connectionType.attributes.connectionStatus.enum, default: 'active' });
    expect(optionsOf(connectionSchema, 'status').enum).toContain('action_required');
    expect(optionsOf(connectionSchema, 'loginKind')).toMatchObject({ enum: ['instagram', 'facebook'], required: true });
    // Unique per owner, not alone: the admin side and each end user may connect the same account.
    expect(optionsOf(connectionSchema, 'instagramUserId')).toMatchObject({ type: String, required: true });
    expect(optionsOf(connectionSchema, 'instagramUserId').unique).toBeUndefined();
    expect(optionsOf(connectionSchema, 'ownerKind')).toMatchObject({ enum: ['admin', 'user'], default: 'admin' });
    expect(optionsOf(connectionSchema, 'isActive')).toMatchObject({ type: Boolean, default: true });
    expect(optionsOf(connectionSchema, 'tokenExpiresAt')).toMatchObject({ type: Date, default: null });
    expect(optionsOf(connectionSchema, 'scopes')).toMatchObject({ default: [] });
    expect(connectionSchema.path('profile.followersCount').instance).toBe('Number');
    expect(connectionSchema.path('profile.username').instance).toBe('String');
  });

  it('keeps the indexes other services and the store rely on', () => {
    const indexes = connectionSchema.indexes().map(([fields]) => JSON.stringify(fields));
    expect(indexes).toEqual(expect.arrayContaining(['{"userId":1,"isActive":1}', '{"tokenExpiresAt":1}', '{"appScopedUserId":1}']));
    expect(connectionSchema.indexes()).toContainEqual([{ ownerKey: 1, instagramUserId: 1 }, expect.objectContaining({ unique: true })]);
    expect(oauthRecordSchema.indexes()).toContainEqual([{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })]);
  });

  it('gives the OAuth records and settings collections their content types’ fields', () => {
    expect(declaredPaths(oauthRecordSchema)).toEqual(Object.keys(oauthRecordType.attributes).sort());
    expect(optionsOf(oauthRecordSchema, 'kind')).toMatchObject({ enum: ['state', 'pending', 'result'], required: true });
    expect(optionsOf(oauthRecordSchema, 'key')).toMatchObject({ required: true, unique: true });
    expect(declaredPaths(settingSchema)).toEqual(Object.keys(settingType.attributes).sort());
  });

  it('refuses an attribute type it has no MongoDB type for, instead of guessing', () => {
    expect(() => deriveFields({ cover: { type: 'media' } })).toThrow(/no MongoDB type for the media attribute "cover"/);
  });
});
