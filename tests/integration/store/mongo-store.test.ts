import { randomBytes } from 'node:crypto';
import { Types, type Connection as MongooseConnection } from 'mongoose';
import { getPluginConfig } from '../../../server/src/config/resolve';
import { createTokenCipher } from '../../../server/src/store/cipher';
import { createStore } from '../../../server/src/store';
import { createMongoStore } from '../../../server/src/store/mongo';
import type { Store } from '../../../server/src/store/types';
import { dropMongoDatabase, mongoDatabaseUri, openMongoDatabase, usingMongoStandIn } from '../harness/mongo';
import { startTestApp, type TestApp } from '../harness/strapi';
import { connectionFactory, describeStoreContract, publicationFactory } from './contract';

/**
 * The store exactly as the plugin builds it with `mongoUri`: connections, OAuth records and
 * settings in MongoDB, the publication queue in Strapi's database. Runs against MONGODB_URI, or
 * against the in-memory stand-in in the `mongo-stand-in` project (jest.config.js), never skipped
 * silently: without either, this file is not part of the run and the global setup says so.
 */
const PLAYGROUND_KEY = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';
const NAME = usingMongoStandIn() ? 'MongoDB stand-in (in-memory, NOT a MongoDB server)' : 'MongoDB';

let app: TestApp;
let raw: MongooseConnection;
const opened: Store[] = [];
const store = () => app.strapi.plugin('instagram-publisher').service('store').get() as Store;

// One Strapi per process at a time (Strapi keeps a global): the start-up test below boots its own
// once this block's app has stopped.
describe(`the store with mongoUri on ${NAME}`, () => {
  beforeAll(async () => {
    app = await startTestApp({ mongo: true, env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
    raw = await openMongoDatabase(app.mongoUri!);
  });
  afterAll(async () => {
    await Promise.all(opened.map((other) => other.close()));
    await raw?.close();
    await app?.stop();
  });

  describeStoreContract(NAME, () => ({
    store,
    currentKey: PLAYGROUND_KEY,
    async rawTokens(instagramUserId) {
      const doc = await raw.collection('instagram_connections').findOne({ instagramUserId });
      return { accessToken: doc?.accessToken ?? null, userAccessToken: doc?.userAccessToken ?? null };
    },
    async withKeys(keys) {
      const other = createStore(app.strapi, { ...getPluginConfig(app.strapi), encryptionKeys: keys });
      await other.init();
      opened.push(other);
      return other;
    },
    async disown(id) {
      await raw.collection('instagram_connections').updateOne({ _id: new Types.ObjectId(id) }, { $unset: { ownerKey: '', ownerKind: '' } });
    },
  }));

  describe(`${NAME}: where each part of the data lives`, () => {
    it('keeps connections, OAuth records and settings in MongoDB, and the publication queue in Strapi’s database', async () => {
      // Given the app started with mongoUri
      expect(store().kind).toBe('mongo');
      // When a connection, an OAuth record, a setting and a publication are written through the store
      const connection = await store().connections.upsertByInstagramUserId(connectionFactory());
      const key = randomBytes(16).toString('hex');
      await store().oauth.create({ key, kind: 'state', userId: '1', flow: 'instagram', payload: {}, expiresAt: new Date(Date.now() + 600_000) });
      const settingKey = `where-${randomBytes(4).toString('hex')}`;
      await store().settings.set(settingKey, { here: true });
      const publication = await store().publications.create(publicationFactory({ connectionId: connection.id }));

      // Then the first three are MongoDB documents, and none of them is in Strapi's tables
      expect(await raw.collection('instagram_connections').countDocuments({ instagramUserId: connection.instagramUserId })).toBe(1);
      expect(await raw.collection('instagram_oauth_records').countDocuments({ key })).toBe(1);
      expect(await raw.collection('instagram_settings').countDocuments({ key: settingKey })).toBe(1);
      expect(await app.strapi.db.query('plugin::instagram-publisher.connection' as any).count({ where: { instagramUserId: connection.instagramUserId } })).toBe(0);
      expect(await app.strapi.db.query('plugin::instagram-publisher.setting' as any).count({ where: { key: settingKey } })).toBe(0);
      // And the publication is a row of Strapi's database, next to the entries it posts, pointing at the MongoDB connection
      const row = await app.strapi.db.query('plugin::instagram-publisher.publication' as any).findOne({ where: { id: Number(publication.id) } });
      expect(row).toMatchObject({ targetDocumentId: publication.documentId, connectionId: connection.id });
      const collections = (await raw.db!.listCollections().toArray()).map((collection) => collection.name);
      expect(collections).not.toContain('instagram_publications');
    });

    it('keeps the fields and indexes other services read', async () => {
      const indexes = await raw.collection('instagram_connections').indexes();
      const keys = indexes.map((index) => JSON.stringify(index.key));
      expect(keys).toEqual(expect.arrayContaining(['{"userId":1,"isActive":1}', '{"ownerKey":1,"instagramUserId":1}', '{"tokenExpiresAt":1}']));
      // instagramUserId is unique within each owner (once on the admin side, once per end user)
      expect(indexes.find((index) => JSON.stringify(index.key) === '{"ownerKey":1,"instagramUserId":1}')?.unique).toBe(true);
      expect(keys).not.toContain('{"instagramUserId":1}');
      const oauthIndexes = await raw.collection('instagram_oauth_records').indexes();
      expect(oauthIndexes.find((index) => JSON.stringify(index.key) === '{"expiresAt":1}')?.expireAfterSeconds).toBe(0);
    });

  });
});

describe(`${NAME}: start-up errors`, () => {
  it('fails start-up with a clear error when MongoDB cannot be reached', async () => {
    const unreachable = createMongoStore({ uri: 'mongodb://127.0.0.1:1/unreachable', connectTimeoutMs: 300 }, createTokenCipher([PLAYGROUND_KEY]));
    await expect(unreachable.init()).rejects.toThrow(/cannot connect to MongoDB \(mongoUri\) within 300 ms/);
  });

  it('stops Strapi at start-up, naming the collection, when an index cannot be built', async () => {
    // Given a MongoDB database whose instagram_connections already holds two documents for one account
    const databaseUri = mongoDatabaseUri(`igpub_duplicates_${randomBytes(4).toString('hex')}`);
    const seed = await openMongoDatabase(databaseUri);
    try {
      await seed.collection('instagram_connections').insertMany([
        { instagramUserId: '17841499999999999', loginKind: 'instagram', connectedAt: new Date() },
        { instagramUserId: '17841499999999999', loginKind: 'instagram', connectedAt: new Date() },
      ]);
      // When Strapi starts with it as mongoUri
      // Then start-up stops with a message naming the collection and what to do
      await expect(
        startTestApp({ mongo: true, env: { INSTAGRAM_PUBLISHER_MONGO_URI: databaseUri, INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } }),
      ).rejects.toThrow(/cannot build the indexes of the MongoDB collection "instagram_connections" \(mongoUri\): .*duplicate key.*remove the documents that share a value/s);
    } finally {
      await seed.close();
      await dropMongoDatabase(databaseUri);
    }
  });
});
