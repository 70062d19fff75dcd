import type { Core } from '@strapi/strapi';
import { createWorker, type Worker } from './worker';

export { registerPublishHook } from './hook';

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
  const worker = workers.get(strapi);
  workers.delete(strapi);
  await worker?.stop();
};
