import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { createGraphClient, resolveEndpoints, type GraphClient, type UsageSnapshot } from '../instagram';
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
        // Read on every call, so `rateLimits` set at run time applies without a restart.
        rateLimits: () => getPluginConfig(strapi).rateLimits,
        logger: { debug: (message) => logger.debug(message), warn: (message) => logger.warn(message) },
      });
      return client;
    },
    /** Meta's latest usage as the client saw it; empty until the client made a call. */
    usage(): UsageSnapshot | null {
      return client ? client.rateLimitUsage() : null;
    },
    destroy() {
      client?.destroy();
      client = null;
    },
  };
};

export type GraphService = ReturnType<typeof createGraphService>;
