import type { PluginConfig } from '../config/schema';
import { createTokenCipher } from './cipher';
import { createMongoStore } from './mongo-store';
import { createStrapiStore } from './strapi-store';
import type { Store } from './types';
import type { Core } from '@strapi/strapi';

/** The ring from config: `encryptionKeys` (first encrypts) or the single `encryptionKey`. */
export const encryptionKeysOf = (config: PluginConfig): string[] =>
  config.encryptionKeys ?? (config.encryptionKey ? [config.encryptionKey] : []);

/** MongoDB when `mongoUri` is configured, Strapi's own database otherwise. */
export const createStore = (strapi: Core.Strapi, config: PluginConfig): Store => {
  const cipher = createTokenCipher(encryptionKeysOf(config));
  return config.mongoUri
    ? createMongoStore({ uri: config.mongoUri, connectTimeoutMs: config.mongoConnectTimeoutMs }, cipher)
    : createStrapiStore(strapi, cipher);
};

export type * from './types';
