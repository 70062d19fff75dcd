import type { Connection as MongooseConnection } from 'mongoose';
import { openMongoDatabase } from './mongo';
import type { TestApp } from './strapi';

/**
 * What the app's store holds, read or changed past every plugin layer: Strapi's tables by
 * default, the MongoDB collections when the app runs with `mongoUri`. Tests prove with it what
 * is stored (ciphertext, a destroyed token) whichever store the suite runs against.
 */
const inMongo = async <T>(app: TestApp, run: (database: MongooseConnection) => Promise<T>): Promise<T> => {
  const database = await openMongoDatabase(app.mongoUri!);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
};

export interface RawTokens {
  accessToken: string | null;
  userAccessToken: string | null;
}

/** The stored token fields of the connection to an Instagram account, as the backend holds them; null without one. */
export const rawConnectionTokens = async (app: TestApp, instagramUserId: string): Promise<RawTokens | null> => {
  if (app.mongoUri) {
    const doc = await inMongo(app, (database) => database.collection('instagram_connections').findOne({ instagramUserId }));
    return doc ? { accessToken: doc.accessToken ?? null, userAccessToken: doc.userAccessToken ?? null } : null;
  }
  const row = await app.strapi.db
    .connection('instagram_connections')
    .where({ instagram_user_id: instagramUserId })
    .first('access_token', 'user_access_token');
  return row ? { accessToken: row.access_token ?? null, userAccessToken: row.user_access_token ?? null } : null;
};

/** Moves the expiry of every stored OAuth record of a kind into the past (the store has no such write). */
export const expireOAuthRecords = async (app: TestApp, kind: 'state' | 'pending') => {
  const expiresAt = new Date(Date.now() - 1000);
  if (app.mongoUri) {
    await inMongo(app, (database) => database.collection('instagram_oauth_records').updateMany({ kind }, { $set: { expiresAt } }));
    return;
  }
  await app.strapi.db.query('plugin::instagram-publisher.oauth-record' as any).updateMany({ where: { kind }, data: { expiresAt } });
};
