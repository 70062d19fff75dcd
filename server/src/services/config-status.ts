import type { Core } from '@strapi/strapi';
import type { ConfigStatus } from '../contracts';
import { getPluginConfig } from '../config/resolve';
import { defaultEndpoints } from '../instagram/endpoints';
import { getService } from '../utils/get-service';

/**
 * What an administrator needs to finish the setup in Meta's dashboard: which credentials
 * are present (never their values), the exact URLs to paste, the store, the Graph version and
 * when the token refresh runs next.
 */
export const createConfigStatusService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A secret-free summary of the configuration, with a checklist of what is missing. */
  async describe(): Promise<ConfigStatus> {
    const config = getPluginConfig(strapi);
    const urls = getService(strapi, 'urls');
    const flow = (app: { appId?: string; appSecret?: string }) => ({
      configured: Boolean(app.appId && app.appSecret),
      appId: app.appId ?? null,
      appSecretPresent: Boolean(app.appSecret),
    });
    const instagram = flow(config.instagram);
    const facebook = flow(config.facebook);
    const missing: string[] = [];
    if (!instagram.configured && !facebook.configured) {
      missing.push(
        'Set instagram.appId and instagram.appSecret (Instagram Login) or facebook.appId and facebook.appSecret (Facebook Login) in config/plugins.ts.'
      );
    }
    const publicUrl = urls.publicUrl();
    if (!config.sandbox && !/^https:\/\//.test(publicUrl)) {
      missing.push('Set publicUrl to the public HTTPS address of this Strapi: Meta only redirects to and downloads media from HTTPS URLs.');
    }
    const overridden = Object.entries({ ...defaultEndpoints, ...config.endpoints }).filter(
      ([name, url]) => defaultEndpoints[name as keyof typeof defaultEndpoints] !== url
    );
    return {
      configured: instagram.configured || facebook.configured,
      sandbox: config.sandbox,
      flows: { instagram, facebook },
      redirectUri: urls.redirectUri(),
      callbacks: {
        deauthorize: urls.deauthorizeUrl(),
        dataDeletion: urls.dataDeletionUrl(),
      },
      webhooks: { callbackUrl: urls.webhookCallbackUrl(), verifyTokenConfigured: Boolean(config.webhooks.verifyToken) },
      publicUrl,
      store: getService(strapi, 'store').get().kind,
      graphApiVersion: config.graphApiVersion,
      // nextRunAt is null when this instance does not run the job (switched off, or background work disabled).
      refresh: {
        enabled: config.refresh.enabled,
        cron: config.refresh.cron,
        nextRunAt: getService(strapi, 'tokenRefresh').nextRunAt()?.toISOString() ?? null,
      },
      endpoints: Object.fromEntries(overridden),
      missing,
      endUsers: await getService(strapi, 'adminEndUserConnections').counts(),
    };
  },
});

export type ConfigStatusService = ReturnType<typeof createConfigStatusService>;
