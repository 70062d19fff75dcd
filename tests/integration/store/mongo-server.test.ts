import { randomBytes } from 'node:crypto';
import type { Connection as MongooseConnection } from 'mongoose';
import { createTokenCipher } from '../../../server/src/store/cipher';
import { createMongoStore } from '../../../server/src/store/mongo';
import type { ConnectionsStore, Store } from '../../../server/src/store/types';
import { openMongoDatabase } from '../harness/mongo';
import { startTestApp, type TestApp } from '../harness/strapi';
import { connectionFactory } from './contract';

/**
 * What only a real MongoDB server proves: unique indexes under races, atomic claims, TTL
 * deletion. This file runs only with MONGODB_URI (jest.config.js leaves it out otherwise and the
 * global setup prints that it was skipped); the in-memory stand-in accepts duplicate keys and
 * never deletes expired documents, so these tests fail against it.
 */
const PLAYGROUND_KEY = 'cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=';

let app: TestApp;
let raw: MongooseConnection;
const opened: ConnectionsStore[] = [];
const store = () => app.strapi.plugin('instagram-publisher').service('store').get() as Store;

/** Stores on their own connection pools, like separate Strapi instances: racing calls really run at once. */
const instances = (count: number) =>
  Promise.all(
    Array.from({ length: count }, async () => {
      const instance = createMongoStore({ uri: app.mongoUri!, connectTimeoutMs: 5_000 }, createTokenCipher([PLAYGROUND_KEY]));
      await instance.init();
      opened.push(instance);
      return instance;
    }),
  );

const poll = async (probe: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return true;
};

beforeAll(async () => {
  app = await startTestApp({ mongo: true, env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
  raw = await openMongoDatabase(app.mongoUri!);
});
afterAll(async () => {
  await Promise.all(opened.map((instance) => instance.close()));
  await raw?.close();
  await app?.stop();
});

describe('MongoDB server guarantees the store relies on', () => {
  it('keeps one document per Instagram account, even when several instances connect it at once', async () => {
    // Given a connected account
    const first = await store().connections.upsertByInstagramUserId(connectionFactory());
    // When a second document for it is written past the store, Then the unique index refuses it
    await expect(
      raw.collection('instagram_connections').insertOne({ instagramUserId: first.instagramUserId, loginKind: 'instagram', connectedAt: new Date() }),
    ).rejects.toMatchObject({ code: 11000 });

    // When eight instances connect one new account at the same moment
    const data = connectionFactory();
    const results = await Promise.allSettled((await instances(8)).map((instance) => instance.connections.upsertByInstagramUserId(data)));
    // Then MongoDB holds one document for it, every upsert that succeeded returned that one,
    // and any that did not was refused by the unique index, never silently
    expect(await raw.collection('instagram_connections').countDocuments({ instagramUserId: data.instagramUserId })).toBe(1);
    const ids = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.id] : []));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 11000 });
  });

  it('gives each due connection to exactly one of six instances claiming the batch at once', async () => {
    const saved = await Promise.all(Array.from({ length: 30 }, () => store().connections.upsertByInstagramUserId(connectionFactory())));
    const ids = saved.map((connection) => connection.id);
    const now = new Date();
    const until = new Date(now.getTime() + 60_000);
    const won = await Promise.all((await instances(6)).map((instance, index) => instance.connections.claimForRefresh(ids, `instance-${index}`, now, until)));
    expect(won.flat().sort()).toEqual([...ids].sort());
    expect(new Set(won.flat()).size).toBe(ids.length);
  });

  it('hands an OAuth record to exactly one of eight callbacks racing for it', async () => {
    const key = randomBytes(16).toString('hex');
    await store().oauth.create({ key, kind: 'state', userId: '1', flow: 'instagram', payload: {}, expiresAt: new Date(Date.now() + 600_000) });
    const taken = await Promise.all((await instances(8)).map((instance) => instance.oauth.take(key, 'state')));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('deletes expired OAuth records by itself (TTL index on expiresAt)', async () => {
    // Given a TTL monitor asked to run every second (60 s by default; a managed server may refuse)
    const admin = raw.db!.admin();
    const previous = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 }).catch(() => null);
    try {
      // When an OAuth record expires, and nothing in the plugin deletes it
      const key = randomBytes(16).toString('hex');
      await store().oauth.create({ key, kind: 'state', userId: '1', flow: 'facebook', payload: {}, expiresAt: new Date(Date.now() - 1000) });
      expect(await raw.collection('instagram_oauth_records').countDocuments({ key })).toBe(1);
      // Then MongoDB removes it within a pass of the TTL monitor
      const gone = await poll(async () => (await raw.collection('instagram_oauth_records').countDocuments({ key })) === 0, previous ? 20_000 : 80_000);
      expect(gone).toBe(true);
    } finally {
      if (previous) await admin.command({ setParameter: 1, ttlMonitorSleepSecs: previous.was });
    }
  }, 100_000);
});
