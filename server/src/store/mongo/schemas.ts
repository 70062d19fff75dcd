import { Schema, type SchemaDefinition } from 'mongoose';
import connectionType from '../../content-types/connection/schema.json';
import oauthRecordType from '../../content-types/oauth-record/schema.json';
import accountSnapshotType from '../../content-types/account-snapshot/schema.json';
import postSnapshotType from '../../content-types/insight-snapshot/schema.json';
import settingType from '../../content-types/setting/schema.json';
import { CONNECTION_ATTRIBUTES, PROFILE_FIELDS } from '../connections/mapper';

/** The part of a content type's attribute that a MongoDB field mirrors. */
interface Attribute {
  type: string;
  enum?: readonly string[];
  required?: boolean;
  unique?: boolean;
  default?: unknown;
}

const MONGO_TYPES: Record<string, unknown> = {
  string: String,
  text: String,
  enumeration: String,
  datetime: Date,
  boolean: Boolean,
  integer: Number,
  json: Schema.Types.Mixed,
};

interface DeriveOptions {
  /** Domain field → attribute where they differ: the document uses the domain name. */
  renames?: Record<string, string>;
  /** Fields whose document shape the content type cannot say (it stores them as JSON). */
  shapes?: Record<string, unknown>;
}

/**
 * The mongoose fields of a content type's attributes, with the same types, enums, required and
 * unique flags and defaults, so the two backends cannot drift: schema.json is said once. Optional
 * fields default to null, so every document carries every field (other services read them).
 */
export const deriveFields = (attributes: Record<string, Attribute>, { renames = {}, shapes = {} }: DeriveOptions = {}): SchemaDefinition => {
  const fieldOf = Object.fromEntries(Object.entries(renames).map(([field, attribute]) => [attribute, field]));
  const definition: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const field = fieldOf[name] ?? name;
    if (field in shapes) {
      definition[field] = shapes[field];
      continue;
    }
    const type = MONGO_TYPES[attribute.type];
    if (!type) throw new Error(`instagram-publisher: no MongoDB type for the ${attribute.type} attribute "${name}"`);
    definition[field] = {
      type,
      ...(attribute.enum ? { enum: [...attribute.enum] } : {}),
      ...(attribute.required ? { required: true } : {}),
      ...(attribute.unique ? { unique: true } : {}),
      ...(attribute.default !== undefined ? { default: attribute.default } : attribute.required ? {} : { default: null }),
    };
  }
  return definition as SchemaDefinition;
};

export const CONNECTION_OWNER_INDEX = 'ownerKey_1_instagramUserId_1';
/** The index of versions before end users: one connection per Instagram account, whoever owns it. */
export const LEGACY_CONNECTION_INDEXES = ['instagramUserId_1'];

const attributesOf = (contentType: { attributes: object }) => contentType.attributes as Record<string, Attribute>;

/**
 * `instagram_connections` keeps the shape other services read (userId, instagramUserId,
 * accessToken, tokenExpiresAt, profile, scopes, connectedAt, lastSyncedAt, lastError,
 * isActive, timestamps); the plugin's own fields sit alongside, never in their place.
 */
export const connectionSchema = new Schema(
  deriveFields(attributesOf(connectionType), {
    renames: CONNECTION_ATTRIBUTES,
    shapes: {
      profile: Object.fromEntries(Object.entries(PROFILE_FIELDS).map(([field, kind]) => [field, kind === 'number' ? Number : String])),
      scopes: { type: [String], default: [] },
    },
  }),
  { collection: 'instagram_connections', timestamps: true, minimize: false }
);
// Once on the admin side, once per end user (ownerKey is 'admin' or 'user:<id>', see connections/mapper.ts).
connectionSchema.index({ ownerKey: 1, instagramUserId: 1 }, { unique: true, name: CONNECTION_OWNER_INDEX });
connectionSchema.index({ userId: 1, isActive: 1 });
connectionSchema.index({ tokenExpiresAt: 1 });
connectionSchema.index({ appScopedUserId: 1 });

export const oauthRecordSchema = new Schema(deriveFields(attributesOf(oauthRecordType)), {
  collection: 'instagram_oauth_records',
  timestamps: true,
});
// TTL index: MongoDB sweeps stale OAuth records by itself.
oauthRecordSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const settingSchema = new Schema(deriveFields(attributesOf(settingType)), {
  collection: 'instagram_settings',
  timestamps: true,
  minimize: false,
});

export const postSnapshotSchema = new Schema(deriveFields(attributesOf(postSnapshotType)), {
  collection: 'instagram_insight_snapshots',
  timestamps: true,
  minimize: false,
});
postSnapshotSchema.index({ publicationId: 1, takenAt: 1 });

export const accountSnapshotSchema = new Schema(deriveFields(attributesOf(accountSnapshotType)), {
  collection: 'instagram_account_snapshots',
  timestamps: true,
});
// One snapshot per account and day: a second read that day replaces the first.
accountSnapshotSchema.index({ connectionId: 1, day: 1 }, { unique: true });
