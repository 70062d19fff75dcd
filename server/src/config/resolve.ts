import type { Core } from '@strapi/strapi';
import { pluginConfigSchema, type PluginConfig } from './schema';
import { PLUGIN_ID } from '../utils/plugin-id';

interface Cached {
  raw: Record<string, unknown>;
  entries: Array<[string, unknown]>;
  parsed: PluginConfig;
}

const cache = new WeakMap<Core.Strapi, Cached>();

/** Same top-level values (by identity) as when it was parsed: `config.set` on a key changes one. */
const unchanged = (cached: Cached, raw: Record<string, unknown>) => {
  if (cached.raw !== raw) return false;
  const keys = Object.keys(raw);
  return keys.length === cached.entries.length && cached.entries.every(([key, value]) => raw[key] === value);
};

/**
 * Validated config with defaults applied; the validator already ran at start-up, so this
 * cannot fail. Parsed once and reused while the config is unchanged: it is read on hot
 * paths (every log line, every refresh).
 */
export const getPluginConfig = (strapi: Core.Strapi): PluginConfig => {
  const raw = (strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as Record<string, unknown>;
  const cached = cache.get(strapi);
  if (cached && unchanged(cached, raw)) return cached.parsed;
  const parsed = pluginConfigSchema.parse(raw);
  cache.set(strapi, { raw, entries: Object.entries(raw), parsed });
  return parsed;
};

export type { PluginConfig };
