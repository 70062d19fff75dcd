import type { Core } from '@strapi/strapi';
import { pluginConfigSchema, type PluginConfig } from './schema';
import { PLUGIN_ID } from '../utils/plugin-id';

/** Validated config with defaults applied; the validator already ran at start-up, so this cannot fail. */
export const getPluginConfig = (strapi: Core.Strapi): PluginConfig =>
  pluginConfigSchema.parse(strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {});

export type { PluginConfig };
