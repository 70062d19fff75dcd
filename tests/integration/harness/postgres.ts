import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const adminClient = () => new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });

/**
 * A throwaway PostgreSQL database for one test file (PostgreSQL runs on every machine and
 * in CI): the place to run several Strapi instances against one database.
 */
export const createPostgresDatabase = async () => {
  const name = `instagram_publisher_test_${randomBytes(4).toString('hex')}`;
  const client = adminClient();
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    name,
    env: { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name, DATABASE_POOL_MAX: '4' },
    async drop() {
      const dropper = adminClient();
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
};
