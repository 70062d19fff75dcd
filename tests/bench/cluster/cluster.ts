/**
 * A cluster for the multi-instance benches: the sandbox in its own process, a fresh PostgreSQL
 * database, and N Strapi instances of the test app on it, each a process with its own port,
 * worker and cron options. `stop` stops everything and drops the database.
 */
import { createPostgresDatabase } from '../../integration/harness/postgres';
import { compileTestApp } from '../../integration/harness/strapi';
import { startSandboxProcess } from '../sandbox-client';
import { createInstance, type Instance } from './instance';

export interface ClusterOptions {
  instances: number;
  /** SandboxOptions for the sandbox process (latency, container processing, quota, ...). */
  sandbox: Record<string, unknown>;
  /** Plugin config of every instance, merged key by key before bootstrap. */
  pluginConfig: Record<string, Record<string, unknown>>;
  /** Connections per instance (Strapi's default pool is 10). */
  databasePoolMax?: number;
}

export const startCluster = async (options: ClusterOptions) => {
  await compileTestApp();
  const sandbox = await startSandboxProcess();
  await sandbox.send({ set: options.sandbox });
  const database = await createPostgresDatabase();
  const instances: Instance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await database.drop().catch((error) => process.stderr.write(`could not drop ${database.name}: ${error}\n`));
    await sandbox.close();
  };
  try {
    const env = {
      ...database.env,
      DATABASE_POOL_MAX: String(options.databasePoolMax ?? 10),
      INSTAGRAM_SANDBOX_URL: sandbox.url,
      STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    };
    // One at a time: the first creates the schema, and instances booting side by side on a fresh
    // database would race to create the same tables.
    for (let index = 0; index < options.instances; index += 1) {
      instances.push(await createInstance({ index, env, pluginConfig: options.pluginConfig }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    sandbox,
    database,
    instances,
    /** Resident memory of every instance in MiB, in index order. */
    rssMiB: () => instances.map((instance) => instance.rssMiB()),
    /** CPU seconds used by all instances together so far. */
    cpuSeconds: () => instances.reduce((sum, instance) => sum + (instance.cpuSeconds() ?? 0), 0),
    stop,
  };
};

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
