import type { Core } from '@strapi/strapi';

const SAVEPOINT = 'instagram_publisher_queue';

/**
 * Runs `work` so that its failure leaves the surrounding transaction usable: inside a transaction it
 * runs under a SAVEPOINT, because PostgreSQL refuses every later statement of a transaction in
 * which one statement failed. Outside a transaction it simply runs.
 */
export const withSavepoint = async <T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> => {
  if (!strapi.db.inTransaction()) return work();
  return strapi.db.transaction(async ({ trx }) => {
    await trx.raw(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const value = await work();
      await trx.raw(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return value;
    } catch (error) {
      await trx.raw(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      throw error;
    }
  });
};
