import mongoose, { type Connection as MongooseConnection, type Model } from 'mongoose';
import type { TokenCipher } from '../cipher';
import type { ConnectionField } from '../connections/mapper';
import { createConnectionRepository } from '../connections/repository';
import { createOAuthRecordRepository, type OAuthRecordField } from '../oauth-records';
import { createSettingsRepository } from '../settings';
import { createTokenCodec } from '../tokens';
import type { ConnectionsStore } from '../types';
import type { AccountSnapshotField, PostSnapshotField } from '../insights';
import { accountSnapshotSchema, connectionSchema, LEGACY_CONNECTION_INDEXES, oauthRecordSchema, postSnapshotSchema, settingSchema } from './schemas';
import { createMongoTable } from './table';

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

/**
 * Drops indexes an earlier version built that now stand in the way (mongoose builds missing indexes
 * but never drops any): one connection per Instagram account would refuse the same account
 * connected on the admin side and by an end user. Only these named indexes, never syncIndexes,
 * which would also drop indexes other services created on the shared collection.
 */
const dropLegacyIndexes = async (model: Model<any>, names: string[]) => {
  const existing = await model.collection.indexes().catch(() => [] as Array<{ name?: string }>);
  for (const name of names) {
    if (existing.some((index) => index.name === name)) await model.collection.dropIndex(name);
  }
};

export interface MongoStoreOptions {
  uri: string;
  connectTimeoutMs: number;
}

/**
 * The MongoDB backend of connections, OAuth records and settings, on its own mongoose connection so
 * it never disturbs the host's. The publication queue is not here: it always lives in Strapi's
 * database (see ../index.ts).
 */
export const createMongoStore = (options: MongoStoreOptions, cipher: TokenCipher): ConnectionsStore => {
  const tokens = createTokenCodec(cipher);
  let connection: MongooseConnection | null = null;
  let models: { connection: Model<any>; oauth: Model<any>; setting: Model<any>; postSnapshot: Model<any>; accountSnapshot: Model<any> } | null = null;

  const model = (name: keyof NonNullable<typeof models>) => () => {
    if (!models) throw new Error('MongoDB store used before init()');
    return models[name];
  };

  const connections = createConnectionRepository(createMongoTable<ConnectionField>(model('connection')), tokens);
  return {
    kind: 'mongo',
    connections,
    oauth: createOAuthRecordRepository(createMongoTable<OAuthRecordField>(model('oauth')), tokens),
    settings: createSettingsRepository(createMongoTable(model('setting'))),
    insightTables: {
      posts: createMongoTable<PostSnapshotField>(model('postSnapshot')),
      accounts: createMongoTable<AccountSnapshotField>(model('accountSnapshot')),
    },
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
        oauth: opened.model('InstagramOAuthRecord', oauthRecordSchema),
        setting: opened.model('InstagramSetting', settingSchema),
        postSnapshot: opened.model('InstagramInsightSnapshot', postSnapshotSchema),
        accountSnapshot: opened.model('InstagramAccountSnapshot', accountSnapshotSchema),
      };
      try {
        await dropLegacyIndexes(built.connection, LEGACY_CONNECTION_INDEXES);
        await Promise.all(Object.values(built).map((each) => buildIndexes(each)));
      } catch (error) {
        await opened.close().catch(() => undefined);
        throw error;
      }
      connection = opened;
      models = built;
      await connections.adoptUnowned();
    },
    async close() {
      await connection?.close();
      connection = null;
      models = null;
    },
  };
};
