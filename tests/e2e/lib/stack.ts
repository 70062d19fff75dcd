import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { startSandbox, type Sandbox } from '../../sandbox';
import { installAdminBuild } from './build';
import { APP_DIR, APP_DIST_DIR, TMP_DIR } from './paths';
import { freePort } from '../../integration/harness/ports';

export interface Stack {
  strapi: Core.Strapi;
  sandbox: Sandbox;
  /** Where the admin is served, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}


/**
 * The sandbox (Meta's stand-in) and the test app, in this process, on real ports: the browser
 * goes from the admin to the sandbox's authorize page and back, and the sandbox downloads the
 * uploaded media from the app, exactly as with Meta.
 */
export const startStack = async (): Promise<Stack> => {
  const sandbox = await startSandbox({ containerProcessingMs: 300 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const databaseFile = path.join(TMP_DIR, `e2e-${randomBytes(4).toString('hex')}.db`);

  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_HIDE_STARTUP_MESSAGE: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'warn',
    BROWSER: 'false',
    APP_ROOT: APP_DIR,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_FILENAME: databaseFile,
    INSTAGRAM_SANDBOX_URL: sandbox.url,
    // As in the playground: signed-up users may use the example app's /me routes (tests/app/src/index.ts).
    EXAMPLE_APP_GRANTS: 'true',
  });

  // require, not import(): under tsx a dynamic import loads Strapi's ESM build, which Node cannot resolve.
  const { compileStrapi, createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  // Compiling the app's TypeScript empties dist/, so the admin build is put back afterwards.
  await compileStrapi({ appDir: APP_DIR });
  installAdminBuild();
  const strapi = (await createStrapi({ appDir: APP_DIR, distDir: APP_DIST_DIR, autoReload: false, serveAdminPanel: true }).load()) as Core.Strapi;
  await strapi.listen();

  return {
    strapi,
    sandbox,
    url,
    async stop() {
      await strapi.destroy().catch(() => undefined);
      await sandbox.close().catch(() => undefined);
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
    },
  };
};
