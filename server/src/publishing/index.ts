import type { Core } from '@strapi/strapi';

/** Registers the Document Service middleware that queues a publication on `publish`. */
export const registerPublishHook = (_strapi: Core.Strapi) => {};

/** Starts the publication worker of this instance. */
export const startPublishing = async (_strapi: Core.Strapi) => {};

/** Stops the worker: no new claims, in-flight steps finish or keep their lease. */
export const stopPublishing = async (_strapi: Core.Strapi) => {};
