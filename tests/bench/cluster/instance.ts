import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../integration/harness/ports';
import type { InstanceCommands, InstanceCommandName } from './instance-commands';
import { readCpuSeconds, readRssMiB } from './rss';

const BOOT_TIMEOUT_MS = 180_000;

export interface InstanceOptions {
  index: number;
  /** Environment of the app: database, sandbox URL, log level. */
  env: Record<string, string>;
  /** Merged into the plugin config before bootstrap (worker, refresh, insights, ...). */
  pluginConfig: Record<string, Record<string, unknown>>;
}

type Result<C extends InstanceCommandName> = Awaited<ReturnType<InstanceCommands[C]>>;
type Args<C extends InstanceCommandName> = Parameters<InstanceCommands[C]>[0];

/**
 * One Strapi instance of the cluster as the bench sees it: a child process on its own port, asked
 * to do things over IPC, which can be killed with SIGKILL and started again on the same port.
 */
export const createInstance = async (options: InstanceOptions) => {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let requests = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let stderr = '';

  const failPending = (why: string) => {
    for (const { reject } of pending.values()) reject(new Error(why));
    pending.clear();
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      stderr = '';
      const started = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'instance-process.ts')], {
        env: {
          ...process.env,
          ...options.env,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          PLUGIN_CONFIG: JSON.stringify(options.pluginConfig),
        },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      child = started;
      started.stderr!.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-4_000)));
      const timer = setTimeout(() => reject(new Error(`instance ${options.index} did not start in ${BOOT_TIMEOUT_MS} ms: ${stderr}`)), BOOT_TIMEOUT_MS);
      started.on('message', (message: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
        if (message.ready) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const waiter = pending.get(message.id!);
        pending.delete(message.id!);
        if (message.error) waiter?.reject(new Error(`instance ${options.index}: ${message.error}`));
        else waiter?.resolve(message.result);
      });
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (child === started) child = null;
        failPending(`instance ${options.index} exited (${signal ?? code})`);
        reject(new Error(`instance ${options.index} exited (${signal ?? code}) while starting: ${stderr}`));
      });
    });

  const exited = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('exit', () => resolve())));

  await start();

  return {
    index: options.index,
    port,
    url: `http://127.0.0.1:${port}`,
    /** The running process's id (changes on restart); null while it is down. */
    get pid(): number | null {
      return child?.pid ?? null;
    },
    /** Asks the instance to run one of its commands (instance-commands.ts). */
    request<C extends InstanceCommandName>(command: C, args: Args<C>): Promise<Result<C>> {
      const target = child;
      if (!target) return Promise.reject(new Error(`instance ${options.index} is down`));
      const id = (requests += 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        target.send({ id, command, args });
      });
    },
    /** Resident memory in MiB, read from /proc. */
    rssMiB: () => (child?.pid ? readRssMiB(child.pid) : null),
    /** CPU seconds the running process has used since it started. */
    cpuSeconds: () => (child?.pid ? readCpuSeconds(child.pid) : null),
    /** SIGKILL: no shutdown hook runs, leases stay with the dead process until they expire. */
    async kill9() {
      const target = child;
      if (!target) return;
      target.kill('SIGKILL');
      await exited(target);
    },
    /** Starts the instance again on the same port (a supervisor restarting it); resolves once it listens. */
    restart: start,
    /** A graceful stop (SIGTERM: the worker hands its leases back). */
    async stop() {
      const target = child;
      if (!target) return;
      target.kill('SIGTERM');
      const killer = setTimeout(() => target.kill('SIGKILL'), 30_000);
      await exited(target);
      clearTimeout(killer);
    },
  };
};

export type Instance = Awaited<ReturnType<typeof createInstance>>;
