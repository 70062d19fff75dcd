import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { createStore, type Store } from '../store';

/** Holds the store chosen at bootstrap; every other service reads and writes through it. */
export const createStoreService = ({ strapi }: { strapi: Core.Strapi }) => {
  let store: Store | null = null;
  return {
    async init() {
      const next = createStore(strapi, getPluginConfig(strapi));
      await next.init();
      store = next;
      return store;
    },
    get(): Store {
      if (!store) throw new Error('instagram-publisher store is not ready (bootstrap has not run)');
      return store;
    },
    async close() {
      const current = store;
      store = null;
      await current?.close();
    },
  };
};

export type StoreService = ReturnType<typeof createStoreService>;
