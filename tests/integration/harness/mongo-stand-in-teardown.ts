import type { ChildProcess } from 'node:child_process';

/** Stops the stand-in that mongo-stand-in-setup.ts started (closing its stdin ends it). */
export default async function mongoStandInTeardown() {
  const child = (globalThis as { __MONGO_STAND_IN__?: ChildProcess }).__MONGO_STAND_IN__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
