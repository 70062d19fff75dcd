/**
 * The suites under another Node major than the machine's: `npm run test:node24`, `npm run test:node22`.
 * Fetches that Node from the npm registry into .tmp/node-versions (git-ignored), compiles the
 * native addons for it, then runs the unit suite, the integration suite and one browser scenario
 * with that Node binary. Its bin directory goes first on PATH, so what the tests spawn (workers,
 * `node`, `npm`, `npx`) runs on it too.
 *
 *   tsx tests/node-versions/run.ts <major> [unit] [integration] [e2e]   (default: all three)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pluginBundleIsStale } from '../e2e/lib/build';
import { REPO_ROOT } from '../e2e/lib/paths';
import { endUserScenario } from '../e2e/scenarios/end-user';
import { prepareToolchain, type Toolchain } from './toolchain';

const SUITES = ['unit', 'integration', 'e2e'] as const;
type Suite = (typeof SUITES)[number];

/**
 * One scenario that crosses everything a Node upgrade can break at once: the admin build, Strapi
 * serving it, OAuth through the sandbox, an upload, the publication worker and the Graph client.
 * It starts from an empty app (no earlier scenario needed). Picked by its full name (E2E_ONLY).
 */
const E2E_SCENARIO = endUserScenario.name;

const usage = 'usage: tsx tests/node-versions/run.ts <node major, e.g. 24> [unit] [integration] [e2e]';

const parseArgs = (argv: string[]) => {
  const [majorArg, ...rest] = argv;
  const major = Number(majorArg);
  if (!Number.isInteger(major) || major < 18) throw new Error(`${usage}\n(got "${majorArg ?? ''}" as the major)`);
  const unknown = rest.filter((arg) => !(SUITES as readonly string[]).includes(arg));
  if (unknown.length > 0) throw new Error(`${usage}\n(unknown suite: ${unknown.join(', ')})`);
  return { major, suites: rest.length > 0 ? (rest as Suite[]) : [...SUITES] };
};

/** The environment every suite runs in: that Node first on PATH, SQLite through the addon built for it. */
const suiteEnv = (toolchain: Toolchain): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${path.dirname(toolchain.node)}${path.delimiter}${process.env.PATH ?? ''}`,
  // npm sets these to the Node that ran `npm run`; tools that read them must see this one.
  NODE: toolchain.node,
  npm_node_execpath: toolchain.node,
  DATABASE_SQLITE_NATIVE_BINDING: toolchain.sqliteBinding,
});

const commandFor = (suite: Suite, toolchain: Toolchain): { args: string[]; env?: NodeJS.ProcessEnv } => {
  const jest = require.resolve('jest/bin/jest', { paths: [REPO_ROOT] });
  switch (suite) {
    case 'unit':
      return { args: [jest, '--selectProjects', 'unit'] };
    case 'integration':
      // The projects `npm run test:integration` runs, with jest's default worker count.
      return { args: [jest, '--selectProjects', 'integration', 'mongo-stand-in'] };
    case 'e2e':
      return { args: [require.resolve('tsx/cli', { paths: [REPO_ROOT] }), 'tests/e2e/run.ts'], env: { E2E_ONLY: E2E_SCENARIO } };
  }
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

const main = () => {
  const { major, suites } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const toolchain = prepareToolchain(major);
  const env = suiteEnv(toolchain);
  const results: Array<{ suite: string; ok: boolean; ms: number }> = [];

  const step = (label: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const stepStarted = Date.now();
    process.stdout.write(`\nnode-versions: ${label} on Node ${toolchain.version}\n`);
    const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...env, ...extraEnv } });
    const ok = result.status === 0;
    results.push({ suite: label, ok, ms: Date.now() - stepStarted });
    return ok;
  };

  // Integration and browser tests load dist/: built by this Node when missing or older than the sources.
  if (suites.some((suite) => suite !== 'unit') && pluginBundleIsStale()) {
    if (!step('build', 'npm', ['run', 'build'])) suites.length = 0;
  }
  for (const suite of suites) {
    const { args, env: extraEnv } = commandFor(suite, toolchain);
    step(suite, toolchain.node, args, extraEnv);
  }

  process.stdout.write(`\nnode-versions: Node ${toolchain.version}\n`);
  for (const result of results) process.stdout.write(`  ${result.ok ? '✓' : '✗'} ${result.suite} (${seconds(result.ms)})\n`);
  process.stdout.write(`node-versions: ${results.every((result) => result.ok) ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}\n`);
  return results.length > 0 && results.every((result) => result.ok) ? 0 : 1;
};

try {
  process.exit(main());
} catch (error) {
  process.stderr.write(`node-versions: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
