import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../server/src/store/cipher';
import { createMongoStore } from '../../../server/src/store/mongo-store';
import type { Store } from '../../../server/src/store/types';
import { describeStoreContract } from './contract';

/**
 * Runs only when MONGODB_URI points at a MongoDB server (jest.config.js leaves this file
 * out otherwise and the global setup says so). Each run uses its own database.
 */
const uri = process.env.MONGODB_URI as string;
const databaseName = `instagram_publisher_test_${randomBytes(4).toString('hex')}`;
const databaseUri = (() => {
  const url = new URL(uri);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const key = randomBytes(32).toString('base64');
const opened: Store[] = [];
let raw: mongoose.Connection;

const open = async (keys: string[]) => {
  const store = createMongoStore({ uri: databaseUri, connectTimeoutMs: 5000 }, createTokenCipher(keys));
  await store.init();
  opened.push(store);
  return store;
};

let main: Store;
beforeAll(async () => {
  main = await open([key]);
  raw = await mongoose.createConnection(databaseUri).asPromise();
});
afterAll(async () => {
  await raw?.dropDatabase();
  await raw?.close();
  await Promise.all(opened.map((store) => store.close()));
});

describeStoreContract('MongoDB', () => ({
  store: () => main,
  currentKey: key,
  async rawTokens(instagramUserId) {
    const doc = await raw.collection('instagram_connections').findOne({ instagramUserId });
    return { accessToken: doc?.accessToken ?? null, userAccessToken: doc?.userAccessToken ?? null };
  },
  withKeys: open,
}));

describe('MongoDB document shape', () => {
  it('keeps the fields and indexes other services read', async () => {
    const indexes = await raw.collection('instagram_connections').indexes();
    const keys = indexes.map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(expect.arrayContaining(['{"userId":1,"isActive":1}', '{"instagramUserId":1}', '{"tokenExpiresAt":1}']));
    expect(indexes.find((index) => JSON.stringify(index.key) === '{"instagramUserId":1}')?.unique).toBe(true);
  });

  it('fails start-up with a clear error when MongoDB cannot be reached', async () => {
    const store = createMongoStore({ uri: 'mongodb://127.0.0.1:1/unreachable', connectTimeoutMs: 300 }, createTokenCipher([key]));
    await expect(store.init()).rejects.toThrow(/cannot connect to MongoDB \(mongoUri\) within 300 ms/);
  });
});
