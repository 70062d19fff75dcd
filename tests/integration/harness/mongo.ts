import mongoose from 'mongoose';

/**
 * The MongoDB server the store runs against in this test file, if any: MONGODB_URI, given by
 * whoever runs the tests (a real server), or set by use-mongo-stand-in.ts in the
 * `mongo-stand-in` project (the in-memory stand-in, which is not MongoDB).
 */
export const mongoServerUri = (): string | null => process.env.MONGODB_URI || null;

/** True in the `mongo-stand-in` project: results there say nothing about a real MongoDB server. */
export const usingMongoStandIn = () => process.env.INSTAGRAM_PUBLISHER_TEST_MONGO_STAND_IN === 'true';

/** The store kind the booted test app reports (`Store.kind`) when nothing forces one. */
export const expectedStoreKind = () => (mongoServerUri() ? 'mongo' : 'strapi');

/**
 * The MongoDB database that goes with a Strapi database (an SQLite file's name or a PostgreSQL
 * database's name): an app restarted on the same Strapi database, or another instance on it,
 * finds the same connections, exactly as a deployment with one `mongoUri` would.
 */
export const mongoDatabaseName = (strapiDatabase: string) =>
  `igpub_${strapiDatabase.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 63);

export const mongoDatabaseUri = (databaseName: string, serverUri = mongoServerUri()) => {
  if (!serverUri) throw new Error('No MongoDB server for this test: set MONGODB_URI');
  const url = new URL(serverUri);
  url.pathname = `/${databaseName}`;
  return url.toString();
};

/** A connection to one test database, past every plugin layer; close it when done. */
export const openMongoDatabase = (databaseUri: string) =>
  mongoose.createConnection(databaseUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();

export const dropMongoDatabase = async (databaseUri: string) => {
  const connection = await openMongoDatabase(databaseUri);
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
};
