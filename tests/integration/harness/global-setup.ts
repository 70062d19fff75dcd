import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, TMP_DIR } from './paths';
import { baseTestEnv } from './env';
import { compileTestApp } from './strapi';

/**
 * Compiles the test app once for every worker; each test file then only loads it. Both
 * integration projects call it: the second call finds the app compiled (workers inherit this env).
 */
export default async function globalSetup() {
  if (process.env.INSTAGRAM_PUBLISHER_TEST_APP_COMPILED === 'true') return;
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error('The plugin is not built: run `npm run build` (npm test does it) before the integration tests.');
  }
  if (process.env.MONGODB_URI) {
    process.stdout.write(
      '\nMongoDB store: the whole integration suite runs with mongoUri against MONGODB_URI (connections, OAuth records and settings in MongoDB; the publication queue in Strapi\'s database), with the MongoDB server tests.\n'
    );
  } else {
    process.stdout.write(
      '\nMongoDB server tests (the whole suite against MongoDB, unique indexes under races, TTL deletion, atomic claims): SKIPPED (MONGODB_URI is not set; no MongoDB server on this machine).\n'
    );
  }
  Object.assign(process.env, baseTestEnv());
  fs.mkdirSync(TMP_DIR, { recursive: true });
  await compileTestApp();
  process.env.INSTAGRAM_PUBLISHER_TEST_APP_COMPILED = 'true';
}
