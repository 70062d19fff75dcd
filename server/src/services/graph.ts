import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { createGraphClient, resolveEndpoints, type GraphClient } from '../instagram';
import { createLogger } from '../utils/logger';

/** The one Graph client of this Strapi instance, built from the plugin config. */
export const createGraphService = ({ strapi }: { strapi: Core.Strapi }) => {
  let client: GraphClient | null = null;
  return {
    client(): GraphClient {
      if (client) return client;
      const config = getPluginConfig(strapi);
      const app = (credentials: { appId?: string; appSecret?: string }) =>
        credentials.appId && credentials.appSecret ? { appId: credentials.appId, appSecret: credentials.appSecret } : undefined;
      const logger = createLogger(strapi);
      client = createGraphClient({
        endpoints: resolveEndpoints(config.endpoints),
        graphApiVersion: config.graphApiVersion,
        instagramApp: app(config.instagram),
        facebookApp: app(config.facebook),
        timeoutMs: config.requestTimeoutMs,
        logger: { debug: (message) => logger.debug(message), warn: (message) => logger.warn(message) },
      });
      return client;
    },
    destroy() {
      client?.destroy();
      client = null;
    },
  };
};

export type GraphService = ReturnType<typeof createGraphService>;
