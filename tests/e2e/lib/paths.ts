import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const APP_DIR = path.join(REPO_ROOT, 'tests', 'app');
export const APP_DIST_DIR = path.join(APP_DIR, 'dist');
export const ADMIN_BUILD_DIR = path.join(APP_DIST_DIR, 'build');
export const TMP_DIR = path.join(APP_DIR, '.tmp');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests', 'e2e', 'screenshots');
/** The admin build is kept here between runs: compiling the app (integration tests) empties dist/. */
export const ADMIN_CACHE_DIR = path.join(TMP_DIR, 'e2e-admin-build');
