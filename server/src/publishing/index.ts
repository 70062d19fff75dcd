import type { Core } from '@strapi/strapi';
import { createWorker, type Worker } from './worker';

export { createPublishHookMiddleware } from './hook';

/** One worker per Strapi instance (tests boot several in one process). */
const workers = new WeakMap<Core.Strapi, Worker>();

/**
 * Wakes this instance's worker for work just queued. Inside a transaction (the admin's Publish
 * button publishes in one) it waits for the commit: woken earlier, the worker's queries would run
 * in the editor's transaction through Strapi's async context, slowing the publish and claiming a
 * row that the transaction may still roll back. Inside an HTTP request it then waits for the answer
 * to be sent: the Content Manager still reads and formats the entry after the commit, and the
 * worker's first steps sharing the event loop with that work made the editor wait longer (measured
 * by `npm run bench:publish` on the Content Manager route).
 */
export const wakeWorker = async (strapi: Core.Strapi) => {
  const worker = workers.get(strapi);
  if (!worker) return;
  const response = strapi.requestContext.get()?.res;
  const wake = () => {
    // 'close' follows 'finish', and also comes when the client went away before the answer.
    if (response && !response.writableFinished && !response.destroyed) response.once('close', () => worker.wake());
    else worker.wake();
  };
  if (strapi.db.inTransaction()) await strapi.db.transaction(({ onCommit }) => onCommit(wake));
  else wake();
};

/** Starts the publication worker of this instance. */
export const startPublishing = async (strapi: Core.Strapi) => {
  if (workers.has(strapi)) return;
  const worker = createWorker(strapi);
  workers.set(strapi, worker);
  worker.start();
};

/** Stops the worker: no new claims, in-flight steps finish or keep their lease. */
export const stopPublishing = async (strapi: Core.Strapi) => {
  const worker = workers.get(strapi);
  workers.delete(strapi);
  await worker?.stop();
};
