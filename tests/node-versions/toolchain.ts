import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../e2e/lib/paths';

/** Git-ignored (.tmp/): one directory per Node major, reused by the next run when still current. */
export const TOOLS_DIR = path.join(REPO_ROOT, '.tmp', 'node-versions');

export interface Toolchain {
  major: number;
  version: string;
  /** The `node` binary of that major. */
  node: string;
  /** better_sqlite3.node compiled against that major's headers (for knex's `nativeBinding`). */
  sqliteBinding: string;
}

const exec = (command: string, args: string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})\n${output}`);
  }
  return String(result.stdout ?? '').trim();
};

/**
 * Node's own release binaries, as the npm registry ships them (package node-<platform>-<arch>,
 * with bin/node and include/node, the headers native addons compile against). The registry is
 * the one place CI can download from; no version manager needed.
 */
const ensureNode = (major: number, dir: string) => {
  const packageName = `node-${process.platform}-${process.arch}`;
  const packageDir = path.join(dir, 'node_modules', packageName);
  const node = path.join(packageDir, 'bin', 'node');
  const installedMajor = () => (fs.existsSync(node) ? Number(exec(node, ['-p', 'process.versions.node.split(".")[0]'])) : null);
  if (installedMajor() !== major) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // --prefix keeps it out of the project: no package.json or lock change, nothing in node_modules.
    exec('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${packageName}@${major}`], { cwd: dir });
  }
  if (installedMajor() !== major) throw new Error(`${packageName}@${major} did not install a Node ${major} binary at ${node}`);
  if (!fs.existsSync(path.join(packageDir, 'include', 'node', 'node_api.h'))) {
    throw new Error(`${packageName}@${major} carries no headers (include/node): native addons cannot be compiled for it`);
  }
  return { node, nodeDir: packageDir, version: exec(node, ['-v']) };
};

/** node-gyp as npm bundles it (npm sets npm_config_node_gyp for scripts); else beside this Node's npm. */
const findNodeGyp = () => {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`node-gyp not found (looked at ${candidates.join(', ')}); run through npm (npm run test:node24)`);
  return found;
};

/** Proves the compiled addon loads under that Node and answers a query, before any suite relies on it. */
const checkSqlite = (node: string, binding: string) => {
  const script = `const Database = require('better-sqlite3'); const db = new Database(':memory:', { nativeBinding: ${JSON.stringify(binding)} }); process.stdout.write(db.prepare('select sqlite_version() as v').get().v);`;
  return exec(node, ['-e', script], { cwd: REPO_ROOT });
};

/**
 * better-sqlite3 is a V8-API addon: the copy `npm install` compiled for the machine's Node does
 * not load under another major (NODE_MODULE_VERSION mismatch). A second copy of its sources is
 * compiled here, by the other Node, against that Node's headers; node_modules stays as it is.
 */
const ensureSqliteAddon = (node: string, nodeDir: string, version: string, dir: string) => {
  const source = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [REPO_ROOT] }));
  const { version: addonVersion } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(dir, 'better-sqlite3');
  const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');
  const stampFile = path.join(target, '.built-for');
  const stamp = `better-sqlite3 ${addonVersion} for Node ${version}`;
  if (fs.existsSync(binding) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return binding;

  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, { recursive: true, filter: (file) => path.relative(source, file) !== 'build' });
  const started = Date.now();
  process.stdout.write(`node-versions: compiling better-sqlite3 ${addonVersion} for Node ${version}…\n`);
  // npm passes its config to node-gyp as npm_config_* variables, and they win over the command
  // line: this machine's npmrc says nodedir=/usr (the Node 20 headers), so they are dropped here.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|dist_url|devdir|arch)$/i.test(key)));
  exec(node, [findNodeGyp(), 'rebuild', '--release', `--nodedir=${nodeDir}`, '--jobs=2'], { cwd: target, env });
  process.stdout.write(`node-versions: compiled in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  try {
    checkSqlite(node, binding);
  } catch (error) {
    fs.rmSync(target, { recursive: true, force: true });
    throw error;
  }
  // Written only once the addon has loaded under that Node, so a bad build is never reused.
  fs.writeFileSync(stampFile, stamp);
  return binding;
};

/** Fetches Node <major> and the native addons built for it; reuses what an earlier run left when current. */
export const prepareToolchain = (major: number): Toolchain => {
  const dir = path.join(TOOLS_DIR, `node${major}`);
  const { node, nodeDir, version } = ensureNode(major, dir);
  const sqliteBinding = ensureSqliteAddon(node, nodeDir, version, dir);
  const sqliteVersion = checkSqlite(node, sqliteBinding);
  process.stdout.write(`node-versions: Node ${version} at ${path.relative(REPO_ROOT, node)}, SQLite ${sqliteVersion} through ${path.relative(REPO_ROOT, sqliteBinding)}\n`);
  return { major, version, node, sqliteBinding };
};
