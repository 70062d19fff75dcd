import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropMongoDatabase, mongoDatabaseName, mongoDatabaseUri, mongoServerUri } from './mongo';

const adminClient = () => new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });

/**
 * A throwaway PostgreSQL database for one test file (PostgreSQL runs on every machine and
 * in CI): the place to run several Strapi instances against one database. When the suite runs
 * against MongoDB, its env also names one MongoDB database that those instances share.
 */
export const createPostgresDatabase = async () => {
  const name = `instagram_publisher_test_${randomBytes(4).toString('hex')}`;
  const client = adminClient();
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const mongoUri = mongoServerUri() ? mongoDatabaseUri(mongoDatabaseName(name)) : null;
  const env: Record<string, string> = { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name, DATABASE_POOL_MAX: '4' };
  if (mongoUri) env.INSTAGRAM_PUBLISHER_MONGO_URI = mongoUri;
  return {
    name,
    env,
    async drop() {
      const dropper = adminClient();
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
      if (mongoUri) await dropMongoDatabase(mongoUri);
    },
  };
};
