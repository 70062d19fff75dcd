import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** Starts tests/bench/sandbox-process.ts and talks to it one JSON line at a time. */
export const startSandboxProcess = async () => {
  const tsxCli = path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsxCli, path.join(__dirname, 'sandbox-process.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const read = async <T>() => JSON.parse((await lines.next()).value as string) as T;
  const send = async <T>(command: unknown) => {
    child.stdin.write(`${JSON.stringify(command)}\n`);
    return read<T>();
  };
  const { url } = await read<{ url: string }>();
  return {
    url,
    send,
    async close() {
      child.stdin.write(`${JSON.stringify({ close: true })}\n`);
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
};
