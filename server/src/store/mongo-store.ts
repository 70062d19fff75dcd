import mongoose, { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';
import { REFRESHED_STATUSES } from './statuses';
import type { TokenCipher } from './cipher';
import { CONNECTION_TOKEN_FIELDS, toDate, toProfile, toRequiredDate, toStringArray, toStringOrNull } from './rows';
import type {
  Connection,
  ConnectionPatch,
  ConnectionRepository,
  ConnectionsStore,
  OAuthRecord,
  OAuthRecordRepository,
  SettingsRepository,
} from './types';

type Doc = Record<string, any>;

/**
 * `instagram_connections` keeps the shape other services read (userId, instagramUserId,
 * accessToken, tokenExpiresAt, profile, scopes, connectedAt, lastSyncedAt, lastError,
 * isActive, timestamps); the plugin's own fields sit alongside, never in their place.
 */
const connectionSchema = new Schema(
  {
    userId: { type: String, default: null },
    instagramUserId: { type: String, required: true },
    accessToken: { type: String, default: null },
    tokenExpiresAt: { type: Date, default: null },
    profile: {
      username: String,
      name: String,
      profilePictureUrl: String,
      biography: String,
      website: String,
      followersCount: Number,
      followsCount: Number,
      mediaCount: Number,
      accountType: String,
    },
    scopes: { type: [String], default: [] },
    connectedAt: { type: Date, required: true },
    lastSyncedAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    isActive: { type: Boolean, default: true },
    connectedByName: { type: String, default: null },
    loginKind: { type: String, enum: ['instagram', 'facebook'], required: true },
    pageId: { type: String, default: null },
    pageName: { type: String, default: null },
    appScopedUserId: { type: String, default: null },
    userAccessToken: { type: String, default: null },
    tokenIssuedAt: { type: Date, default: null },
    dataAccessExpiresAt: { type: Date, default: null },
    status: { type: String, enum: ['active', 'reconnect_needed', 'action_required', 'deauthorized'], default: 'active' },
    lastRefreshedAt: { type: Date, default: null },
    refreshLockedUntil: { type: Date, default: null },
    refreshLockOwner: { type: String, default: null },
  },
  { collection: 'instagram_connections', timestamps: true, minimize: false }
);
connectionSchema.index({ userId: 1, isActive: 1 });
connectionSchema.index({ instagramUserId: 1 }, { unique: true });
connectionSchema.index({ tokenExpiresAt: 1 });
connectionSchema.index({ appScopedUserId: 1 });

const oauthSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, enum: ['state', 'pending'], required: true },
    userId: { type: String, required: true },
    flow: { type: String, enum: ['instagram', 'facebook'], required: true },
    payload: { type: String, default: null },
    // TTL index: MongoDB sweeps stale OAuth records by itself.
    expiresAt: { type: Date, required: true, index: { expires: 0 } },
  },
  { collection: 'instagram_oauth_records', timestamps: true }
);

const settingSchema = new Schema(
  { key: { type: String, required: true, unique: true }, value: { type: Schema.Types.Mixed, default: null } },
  { collection: 'instagram_settings', timestamps: true, minimize: false }
);

const isObjectId = (id: string) => mongoose.isValidObjectId(id) && /^[a-f0-9]{24}$/i.test(id);

const connectionFromDoc = (doc: Doc, cipher: TokenCipher): Connection => ({
  id: String(doc._id),
  userId: toStringOrNull(doc.userId),
  connectedByName: toStringOrNull(doc.connectedByName),
  instagramUserId: doc.instagramUserId,
  loginKind: doc.loginKind,
  pageId: toStringOrNull(doc.pageId),
  pageName: toStringOrNull(doc.pageName),
  appScopedUserId: toStringOrNull(doc.appScopedUserId),
  accessToken: doc.accessToken ? cipher.decrypt(doc.accessToken) : null,
  userAccessToken: doc.userAccessToken ? cipher.decrypt(doc.userAccessToken) : null,
  tokenIssuedAt: toDate(doc.tokenIssuedAt),
  tokenExpiresAt: toDate(doc.tokenExpiresAt),
  dataAccessExpiresAt: toDate(doc.dataAccessExpiresAt),
  profile: toProfile(doc.profile),
  scopes: toStringArray(doc.scopes),
  status: doc.status ?? 'active',
  isActive: doc.isActive !== false,
  lastError: toStringOrNull(doc.lastError),
  connectedAt: toRequiredDate(doc.connectedAt),
  lastSyncedAt: toDate(doc.lastSyncedAt),
  lastRefreshedAt: toDate(doc.lastRefreshedAt),
  refreshLockedUntil: toDate(doc.refreshLockedUntil),
  createdAt: toRequiredDate(doc.createdAt),
  updatedAt: toRequiredDate(doc.updatedAt),
});

const connectionToDoc = (patch: ConnectionPatch, cipher: TokenCipher): Doc => {
  const doc: Doc = { ...patch };
  for (const field of CONNECTION_TOKEN_FIELDS) {
    if (field in patch) doc[field] = patch[field] ? cipher.encrypt(patch[field] as string) : null;
  }
  return doc;
};

const reasonOf = (error: unknown) =>
  error instanceof Error ? error.message.replace(/\/\/[^@/]*@/g, '//***@') : 'unknown error';

/**
 * Builds a model's indexes, or stops start-up naming the collection: a unique index that cannot be
 * built (documents already share a value) would otherwise leave the store without the guarantee
 * it relies on, such as one connection per Instagram account.
 */
const buildIndexes = async (model: Model<any>) => {
  try {
    await model.init();
  } catch (error) {
    throw new Error(
      `instagram-publisher: cannot build the indexes of the MongoDB collection "${model.collection.collectionName}" (mongoUri): ${reasonOf(error)}. ` +
        'Fix that collection (for a unique index, remove the documents that share a value), then restart Strapi.'
    );
  }
};

export interface MongoStoreOptions {
  uri: string;
  connectTimeoutMs: number;
}

/**
 * The MongoDB backend of connections, OAuth records and settings, on its own mongoose connection so
 * it never disturbs the host's. The publication queue is not here: it always lives in Strapi's
 * database (see ./index.ts).
 */
export const createMongoStore = (options: MongoStoreOptions, cipher: TokenCipher): ConnectionsStore => {
  let connection: MongooseConnection | null = null;
  let models: {
    connection: Model<any>;
    oauth: Model<any>;
    setting: Model<any>;
  } | null = null;

  const m = () => {
    if (!models) throw new Error('MongoDB store used before init()');
    return models;
  };

  const connections: ConnectionRepository = {
    async list() {
      const docs = await m().connection.find({}).sort({ connectedAt: 1, _id: 1 }).lean();
      return docs.map((doc) => connectionFromDoc(doc, cipher));
    },
    async findById(id) {
      if (!isObjectId(id)) return null;
      const doc = await m().connection.findById(id).lean();
      return doc ? connectionFromDoc(doc, cipher) : null;
    },
    async findByInstagramUserId(instagramUserId) {
      const doc = await m().connection.findOne({ instagramUserId }).lean();
      return doc ? connectionFromDoc(doc, cipher) : null;
    },
    async findByMetaUserId(metaUserId) {
      const docs = await m()
        .connection.find({ $or: [{ appScopedUserId: metaUserId }, { instagramUserId: metaUserId }] })
        .lean();
      return docs.map((doc) => connectionFromDoc(doc, cipher));
    },
    async upsertByInstagramUserId(data) {
      const doc = await m()
        .connection.findOneAndUpdate(
          { instagramUserId: data.instagramUserId },
          { $set: connectionToDoc(data, cipher) },
          { upsert: true, new: true, setDefaultsOnInsert: true }
        )
        .lean();
      return connectionFromDoc(doc as Doc, cipher);
    },
    async update(id, patch) {
      if (!isObjectId(id)) return null;
      const doc = await m()
        .connection.findByIdAndUpdate(id, { $set: connectionToDoc(patch, cipher) }, { new: true })
        .lean();
      return doc ? connectionFromDoc(doc, cipher) : null;
    },
    async patch(id, patch) {
      if (!isObjectId(id)) return false;
      const result = await m().connection.updateOne({ _id: id }, { $set: connectionToDoc(patch, cipher) });
      return result.matchedCount === 1;
    },
    async delete(id) {
      if (!isObjectId(id)) return false;
      const result = await m().connection.deleteOne({ _id: id });
      return result.deletedCount === 1;
    },
    async listDueForRefresh({ loginKind, expiresBefore, after, limit }) {
      const filter: Doc = { loginKind, isActive: true, status: { $in: REFRESHED_STATUSES }, accessToken: { $ne: null } };
      const and: Doc[] = [];
      if (expiresBefore) {
        and.push({ tokenExpiresAt: { $ne: null } });
        and.push({ $or: [{ tokenExpiresAt: { $lt: expiresBefore } }, { status: 'action_required' }] });
      }
      if (after) {
        and.push({
          $or: [
            { tokenExpiresAt: { $gt: after.tokenExpiresAt } },
            { tokenExpiresAt: after.tokenExpiresAt, _id: { $gt: new mongoose.Types.ObjectId(after.id) } },
          ],
        });
      }
      if (and.length) filter.$and = and;
      const docs = await m().connection.find(filter).sort({ tokenExpiresAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map((doc) => connectionFromDoc(doc, cipher));
    },
    async listActiveByKind({ loginKind, afterId, limit }) {
      const filter: Doc = { loginKind, isActive: true, status: { $in: REFRESHED_STATUSES }, accessToken: { $ne: null } };
      if (afterId && isObjectId(afterId)) filter._id = { $gt: new mongoose.Types.ObjectId(afterId) };
      const docs = await m().connection.find(filter).sort({ _id: 1 }).limit(limit).lean();
      return docs.map((doc) => connectionFromDoc(doc, cipher));
    },
    async claimForRefresh(ids, owner, now, lockUntil) {
      const objectIds = ids.filter(isObjectId);
      if (objectIds.length === 0) return [];
      // updateMany is atomic per document: each connection goes to one claimer.
      await m().connection.updateMany(
        { _id: { $in: objectIds }, $or: [{ refreshLockedUntil: null }, { refreshLockedUntil: { $lte: now } }] },
        { $set: { refreshLockedUntil: lockUntil, refreshLockOwner: owner } }
      );
      const won = await m()
        .connection.find({ _id: { $in: objectIds }, refreshLockOwner: owner, refreshLockedUntil: lockUntil }, { _id: 1 })
        .lean();
      return won.map((doc) => String((doc as Doc)._id));
    },
    async count() {
      return m().connection.countDocuments({});
    },
    async reencryptTokens() {
      let changed = 0;
      const cursor = m().connection.find({}, { accessToken: 1, userAccessToken: 1 }).lean().cursor();
      for await (const doc of cursor as AsyncIterable<Doc>) {
        const set: Doc = {};
        for (const field of CONNECTION_TOKEN_FIELDS) {
          if (doc[field] && cipher.needsReencryption(doc[field])) set[field] = cipher.encrypt(cipher.decrypt(doc[field]));
        }
        if (Object.keys(set).length) {
          await m().connection.updateOne({ _id: doc._id }, { $set: set });
          changed += 1;
        }
      }
      return changed;
    },
  };

  const oauthFromDoc = (doc: Doc): OAuthRecord => ({
    key: doc.key,
    kind: doc.kind,
    userId: doc.userId,
    flow: doc.flow,
    payload: doc.payload ? JSON.parse(cipher.decrypt(doc.payload)) : {},
    expiresAt: toRequiredDate(doc.expiresAt),
    createdAt: toRequiredDate(doc.createdAt),
  });

  const oauth: OAuthRecordRepository = {
    async create(record) {
      const doc = await m().oauth.create({ ...record, payload: cipher.encrypt(JSON.stringify(record.payload)) });
      return oauthFromDoc(doc.toObject());
    },
    async find(key, kind) {
      const doc = await m().oauth.findOne({ key, kind }).lean();
      return doc ? oauthFromDoc(doc) : null;
    },
    async take(key, kind) {
      const doc = await m().oauth.findOneAndDelete({ key, kind }).lean();
      return doc ? oauthFromDoc(doc as Doc) : null;
    },
    async deleteExpired(now) {
      const result = await m().oauth.deleteMany({ expiresAt: { $lt: now } });
      return result.deletedCount ?? 0;
    },
  };

  const settings: SettingsRepository = {
    async get<T>(key: string) {
      const doc = await m().setting.findOne({ key }).lean();
      return doc ? (((doc as Doc).value ?? null) as T | null) : null;
    },
    async set(key, value) {
      await m().setting.updateOne({ key }, { $set: { value } }, { upsert: true });
    },
  };

  return {
    kind: 'mongo',
    connections,
    oauth,
    settings,
    async init() {
      const opened = mongoose.createConnection(options.uri, {
        serverSelectionTimeoutMS: options.connectTimeoutMs,
        connectTimeoutMS: options.connectTimeoutMs,
      });
      try {
        await opened.asPromise();
      } catch (error) {
        await opened.close().catch(() => undefined);
        throw new Error(
          `instagram-publisher: cannot connect to MongoDB (mongoUri) within ${options.connectTimeoutMs} ms: ${reasonOf(error)}`
        );
      }
      const built = {
        connection: opened.model('InstagramConnection', connectionSchema),
        oauth: opened.model('InstagramOAuthRecord', oauthSchema),
        setting: opened.model('InstagramSetting', settingSchema),
      };
      try {
        await Promise.all(Object.values(built).map((model) => buildIndexes(model)));
      } catch (error) {
        await opened.close().catch(() => undefined);
        throw error;
      }
      connection = opened;
      models = built;
    },
    async close() {
      await connection?.close();
      connection = null;
      models = null;
    },
  };
};
