/**
 * A second Strapi instance in its own process, for the multi-worker test: two Strapi apps cannot
 * share one Node process (Strapi keeps a global `strapi`), and separate processes are what a real
 * deployment runs anyway. Configured by env; prints READY when its worker runs; SIGTERM stops it.
 */
import { createStrapi } from '@strapi/strapi';
import { baseTestEnv } from '../harness/env';
import { APP_DIR, APP_DIST_DIR } from '../harness/paths';

const main = async () => {
  Object.assign(process.env, baseTestEnv(), { APP_ROOT: APP_DIR });
  const strapi = createStrapi({ appDir: APP_DIR, distDir: APP_DIST_DIR, autoReload: false, serveAdminPanel: false });
  await strapi.register();
  const key = 'plugin::instagram-publisher.worker';
  strapi.config.set(key, { ...(strapi.config.get(key) as object), ...JSON.parse(process.env.WORKER_CONFIG ?? '{}') });
  await strapi.bootstrap();
  (strapi as unknown as { isLoaded: boolean }).isLoaded = true;
  await strapi.listen();
  process.stdout.write('READY\n');
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    strapi
      .destroy()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
};

main().catch((error) => {
  process.stderr.write(`worker process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
