import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_BUILD_DIR, ADMIN_CACHE_DIR, APP_DIR, REPO_ROOT } from './paths';

const listFiles = (dir: string, out: string[] = []): string[] => {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, out);
    else out.push(full);
  }
  return out;
};

const newestMtime = (files: string[]) => files.reduce((max, file) => Math.max(max, fs.statSync(file).mtimeMs), 0);

const hashFiles = (files: string[]) => {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
};

const run = (label: string, command: string, args: string[], cwd: string) => {
  const started = Date.now();
  process.stdout.write(`e2e: ${label}…\n`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim() },
  });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
  process.stdout.write(`e2e: ${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

/**
 * The browser needs the plugin bundle (dist/) and the test app's admin build. Both are slow
 * (~1 min and ~30 s), so each is rebuilt only when its inputs changed since the last build.
 */
/** True when dist/ is missing or older than a source file of the plugin. */
export const pluginBundleIsStale = () => {
  const pluginSources = [...listFiles(path.join(REPO_ROOT, 'admin', 'src')), ...listFiles(path.join(REPO_ROOT, 'server', 'src'))];
  const pluginBundle = [path.join(REPO_ROOT, 'dist', 'admin', 'index.mjs'), path.join(REPO_ROOT, 'dist', 'server', 'index.js')];
  return pluginBundle.some((file) => !fs.existsSync(file)) || newestMtime(pluginSources) > Math.min(...pluginBundle.map((file) => fs.statSync(file).mtimeMs));
};

export const ensureBuilt = () => {
  if (pluginBundleIsStale()) run('building the plugin (npm run build)', 'npm', ['run', 'build'], REPO_ROOT);

  // The admin build bundles the plugin's admin code and the app's own files.
  const adminInputs = [
    ...listFiles(path.join(REPO_ROOT, 'dist', 'admin')),
    ...listFiles(path.join(APP_DIR, 'config')),
    ...listFiles(path.join(APP_DIR, 'src')),
    path.join(APP_DIR, 'package.json'),
  ];
  const stampFile = path.join(ADMIN_CACHE_DIR, STAMP);
  const stamp = hashFiles(adminInputs);
  const cached = fs.existsSync(path.join(ADMIN_CACHE_DIR, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (cached) {
    process.stdout.write('e2e: admin build is up to date\n');
    return;
  }
  run('building the test app admin (strapi build)', 'npx', ['strapi', 'build'], APP_DIR);
  fs.rmSync(ADMIN_CACHE_DIR, { recursive: true, force: true });
  fs.cpSync(ADMIN_BUILD_DIR, ADMIN_CACHE_DIR, { recursive: true });
  fs.writeFileSync(stampFile, stamp);
};

const STAMP = '.e2e-inputs';

/** Puts the cached admin build where Strapi serves it (dist/build), after the app is compiled. */
export const installAdminBuild = () => {
  const installed = path.join(ADMIN_BUILD_DIR, STAMP);
  const wanted = fs.readFileSync(path.join(ADMIN_CACHE_DIR, STAMP), 'utf8');
  if (fs.existsSync(installed) && fs.readFileSync(installed, 'utf8') === wanted) return;
  fs.rmSync(ADMIN_BUILD_DIR, { recursive: true, force: true });
  fs.cpSync(ADMIN_CACHE_DIR, ADMIN_BUILD_DIR, { recursive: true });
};
