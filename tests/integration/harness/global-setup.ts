import fs from 'node:fs';
import path from 'node:path';
import { APP_DIR, REPO_ROOT, TMP_DIR } from './paths';
import { baseTestEnv } from './env';
import { compileTestApp } from './strapi';

/** Compiles the test app once for every worker; each test file then only loads it. */
export default async function globalSetup() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error('The plugin is not built: run `npm run build` (npm test does it) before the integration tests.');
  }
  if (!process.env.MONGODB_URI) {
    process.stdout.write('\nMongoDB store contract suite: SKIPPED (MONGODB_URI is not set; no MongoDB server on this machine).\n');
  }
  Object.assign(process.env, baseTestEnv());
  fs.mkdirSync(TMP_DIR, { recursive: true });
  await compileTestApp();
}
