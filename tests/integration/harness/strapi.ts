import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, APP_DIST_DIR, TMP_DIR } from './paths';
import { baseTestEnv } from './env';
import { dropMongoDatabase, mongoDatabaseName, mongoDatabaseUri, mongoServerUri } from './mongo';

/** Compiles the test app's TypeScript (config and src) into tests/app/dist. */
export const compileTestApp = async () => {
  const { compileStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  await compileStrapi({ appDir: APP_DIR });
};

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the app's HTTP server (no port needed unless `listen` was asked). */
  http: () => ReturnType<typeof request>;
  /** Base URL when the app listens on a real port (media must be fetchable by the sandbox). */
  url: string | null;
  databaseFile: string | null;
  /** The MongoDB database of connections, OAuth records and settings, when the app runs with `mongoUri`. */
  mongoUri: string | null;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the app's config (plugin options, database, ...). */
  env?: Record<string, string | undefined>;
  /** Listen on a random port instead of mounting routes only. */
  listen?: boolean;
  /** Reuse a database file (to restart "the same" instance); default: a fresh file. */
  databaseFile?: string;
  /**
   * Run with `mongoUri` (a MongoDB database that goes with the Strapi database). Default: when
   * MONGODB_URI is set, so the whole suite runs against MongoDB then; false forces the default store.
   */
  mongo?: boolean;
  /**
   * Runs between register and bootstrap: plugin config is merged and validated by then, and
   * bootstrap (which starts background work such as the publication worker) has not run yet.
   */
  configure?: (strapi: Core.Strapi) => void;
}

const withEnv = async <T>(env: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> => {
  const previous: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    previous[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

/**
 * Boots the real test app (tests/app, compiled once by the global setup) with the built
 * plugin. Each call gets its own SQLite file unless told otherwise, so test files and
 * workers never share state.
 */
/**
 * Waits (10 s at most) until the app's database pool has no query running or waiting. Strapi emits
 * an entry's lifecycle event after its transaction commits and reads the entry again for it without
 * catching errors: stopped and dropped under such a read, the pool keeps retrying a database that is
 * gone and its timeout surfaces a minute later as an unhandled rejection in some other test.
 */
const databaseIdle = async (strapi: Core.Strapi, timeoutMs = 10_000) => {
  const pool = (strapi.db?.connection as unknown as { client?: { pool?: { numUsed(): number; numPendingAcquires(): number; numPendingCreates(): number } } })?.client?.pool;
  if (!pool) return;
  const deadline = Date.now() + timeoutMs;
  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (Date.now() < deadline && pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() > 0);
};

export const startTestApp = async (options: StartOptions = {}): Promise<TestApp> => {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const setting = (name: string) => (name in (options.env ?? {}) ? options.env![name] : process.env[name]);
  const usesSqlite = (setting('DATABASE_CLIENT') ?? 'sqlite') === 'sqlite';
  const databaseFile = usesSqlite
    ? (options.databaseFile ??
      path.join(TMP_DIR, `test-${process.env.JEST_WORKER_ID ?? 0}-${randomBytes(4).toString('hex')}.db`))
    : null;
  // With MongoDB, the app's MongoDB database goes with its Strapi database, unless one is given
  // (createPostgresDatabase gives one, which instances in other processes then share).
  const givenMongoUri = options.mongo === false ? undefined : setting('INSTAGRAM_PUBLISHER_MONGO_URI');
  const ownMongoUri =
    !givenMongoUri && (options.mongo ?? Boolean(mongoServerUri()))
      ? mongoDatabaseUri(mongoDatabaseName(databaseFile ? path.basename(databaseFile, '.db') : String(setting('DATABASE_NAME'))))
      : null;
  const mongoUri = givenMongoUri ?? ownMongoUri;
  const env = {
    ...baseTestEnv(),
    APP_ROOT: APP_DIR,
    ...(databaseFile ? { DATABASE_FILENAME: databaseFile } : {}),
    ...options.env,
    INSTAGRAM_PUBLISHER_MONGO_URI: mongoUri ?? undefined,
  };
  const removeDatabase = async () => {
    if (databaseFile) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
    }
    if (ownMongoUri && databaseFile) await dropMongoDatabase(ownMongoUri);
  };

  // require, not import(): under tsx a dynamic import would load Strapi's ESM build.
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  let instance: ReturnType<typeof createStrapi> | null = null;
  const boot = withEnv(env, async () => {
    instance = createStrapi({ appDir: APP_DIR, distDir: APP_DIST_DIR, autoReload: false, serveAdminPanel: false });
    if (!options.configure) return (await instance.load()) as Core.Strapi;
    // load() split in two so `configure` sees the merged config before bootstrap uses it.
    await instance.register();
    options.configure(instance as unknown as Core.Strapi);
    await instance.bootstrap();
    (instance as unknown as { isLoaded: boolean }).isLoaded = true;
    return instance as unknown as Core.Strapi;
  });
  const strapi = await boot.catch(async (error) => {
    // An app that failed to start still holds its database connections; a fresh database it
    // never started on is of no use to anyone.
    await (instance as { destroy(): Promise<void> } | null)?.destroy().catch(() => undefined);
    if (!options.databaseFile) await removeDatabase().catch(() => undefined);
    throw error;
  });

  let url: string | null = null;
  if (options.listen) {
    await strapi.listen();
    const address = strapi.server.httpServer.address();
    if (address && typeof address === 'object') url = `http://127.0.0.1:${address.port}`;
  } else {
    strapi.server.mount();
  }

  return {
    strapi,
    url,
    databaseFile,
    mongoUri,
    http: () => request(strapi.server.httpServer),
    async stop({ keepDatabase = false } = {}) {
      await databaseIdle(strapi);
      await strapi.destroy();
      if (!keepDatabase) await removeDatabase();
    },
  };
};
