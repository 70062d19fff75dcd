import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../integration/harness/ports';

export interface WorkerChild {
  process: ChildProcess;
  /** Everything it printed (its warnings say what its worker went through). */
  output(): string;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

/**
 * A second Strapi instance on the same database, in its own process (two Strapi apps cannot
 * share one): tests/integration/publishing/worker-process.ts, as the multi-worker test runs it.
 */
export const startWorkerChild = async (env: Record<string, string>, worker: Record<string, unknown>): Promise<WorkerChild> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '..', '..', 'integration', 'publishing', 'worker-process.ts')], {
    env: { ...process.env, STRAPI_LOG_LEVEL: 'warn', ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WORKER_CONFIG: JSON.stringify(worker) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start: ${output.slice(-2000)}`)), 120_000);
    const check = setInterval(() => {
      if (output.includes('READY')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      } else if (exit) {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`worker process exited with ${exit.code}: ${output.slice(-2000)}`));
      }
    }, 100);
  });
  return {
    process: child,
    output: () => output,
    exited: () => exit,
    async stop() {
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
};
