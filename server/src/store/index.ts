import type { PluginConfig } from '../config/schema';
import { createTokenCipher } from './cipher';
import { createMongoStore } from './mongo';
import { createInsightsRepository } from './insights';
import { createStrapiStore, publicationInsightsTable } from './strapi';
import type { Store } from './types';
import type { Core } from '@strapi/strapi';

/** The ring from config: `encryptionKeys` (first encrypts) or the single `encryptionKey`. */
export const encryptionKeysOf = (config: PluginConfig): string[] =>
  config.encryptionKeys ?? (config.encryptionKey ? [config.encryptionKey] : []);

/**
 * Strapi's own database by default. With `mongoUri`, connections, OAuth records and settings live
 * in MongoDB, and the publication queue stays in Strapi's database: the publish hook writes a
 * post's queue rows inside the publish's own SQL transaction, so they commit or roll back with
 * the publish, which no write to a second database could promise.
 */
export const createStore = (strapi: Core.Strapi, config: PluginConfig): Store => {
  const cipher = createTokenCipher(encryptionKeysOf(config));
  const strapiStore = createStrapiStore(strapi, cipher);
  if (!config.mongoUri) return strapiStore;
  const mongo = createMongoStore({ uri: config.mongoUri, connectTimeoutMs: config.mongoConnectTimeoutMs }, cipher);
  return {
    kind: mongo.kind,
    connections: mongo.connections,
    oauth: mongo.oauth,
    settings: mongo.settings,
    publications: strapiStore.publications,
    insights: createInsightsRepository({ ...mongo.insightTables, publications: publicationInsightsTable(strapi) }),
    init: () => mongo.init(),
    close: () => mongo.close(),
  };
};

export type * from './types';
