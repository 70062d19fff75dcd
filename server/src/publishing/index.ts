import type { Core } from '@strapi/strapi';
import { createWorker, type Worker } from './worker';

import { drainPublishHook } from './hook';

export { registerPublishHook, drainPublishHook } from './hook';

/** One worker per Strapi instance (tests boot several in one process). */
const workers = new WeakMap<Core.Strapi, Worker>();

export const getWorker = (strapi: Core.Strapi): Worker | undefined => workers.get(strapi);

/** Starts the publication worker of this instance. */
export const startPublishing = async (strapi: Core.Strapi) => {
  if (workers.has(strapi)) return;
  const worker = createWorker(strapi);
  workers.set(strapi, worker);
  worker.start();
};

/** Stops the worker: no new claims, in-flight steps finish or keep their lease. */
export const stopPublishing = async (strapi: Core.Strapi) => {
  // Publishes seen just before shutdown still get their rows while the database is open.
  await drainPublishHook(strapi);
  const worker = workers.get(strapi);
  workers.delete(strapi);
  await worker?.stop();
};
