import type { Core } from '@strapi/strapi';

const PLUGIN_CONFIG_KEY = 'plugin::instagram-publisher';

/**
 * Lays `patch` over the plugin's config, one top-level key at a time (`worker`, `refresh`,
 * `insights`, ...): tests and benches change a few intervals and keep the app's other settings.
 * Call it between register and bootstrap for settings read at start-up (cron rules, worker start).
 */
export const mergePluginConfig = (strapi: Core.Strapi, patch: Record<string, Record<string, unknown>>) => {
  for (const [key, values] of Object.entries(patch)) {
    const current = (strapi.config.get(`${PLUGIN_CONFIG_KEY}.${key}`) ?? {}) as Record<string, unknown>;
    strapi.config.set(`${PLUGIN_CONFIG_KEY}.${key}`, { ...current, ...values });
  }
};
