import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, APP_DIST_DIR, TMP_DIR } from './paths';
import { baseTestEnv } from './env';

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
export const startTestApp = async (options: StartOptions = {}): Promise<TestApp> => {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const usesSqlite = (options.env?.DATABASE_CLIENT ?? 'sqlite') === 'sqlite';
  const databaseFile = usesSqlite
    ? (options.databaseFile ??
      path.join(TMP_DIR, `test-${process.env.JEST_WORKER_ID ?? 0}-${randomBytes(4).toString('hex')}.db`))
    : null;
  const env = {
    ...baseTestEnv(),
    APP_ROOT: APP_DIR,
    ...(databaseFile ? { DATABASE_FILENAME: databaseFile } : {}),
    ...options.env,
  };

  // require, not import(): under tsx a dynamic import would load Strapi's ESM build.
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = await withEnv(env, async () => {
    const instance = createStrapi({ appDir: APP_DIR, distDir: APP_DIST_DIR, autoReload: false, serveAdminPanel: false });
    try {
      if (!options.configure) return (await instance.load()) as Core.Strapi;
      // load() split in two so `configure` sees the merged config before bootstrap uses it.
      await instance.register();
      options.configure(instance as unknown as Core.Strapi);
      await instance.bootstrap();
      (instance as unknown as { isLoaded: boolean }).isLoaded = true;
      return instance as unknown as Core.Strapi;
    } catch (error) {
      // A start-up that fails in bootstrap leaves Strapi's process-wide registries (admin actions...)
      // filled: destroy it, as Strapi's own start-up does by exiting, so the next app can boot.
      await instance.destroy().catch(() => undefined);
      throw error;
    }
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
    http: () => request(strapi.server.httpServer),
    async stop({ keepDatabase = false } = {}) {
      await strapi.destroy();
      if (databaseFile && !keepDatabase) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
      }
    },
  };
};
