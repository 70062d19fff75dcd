import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { PLUGIN_ID } from '../utils/plugin-id';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The URLs Meta must reach (redirect and callbacks) and the admin page the browser lands
 * on after OAuth. All derive from configuration, never from the incoming request, so a
 * forged Host header cannot redirect an editor elsewhere.
 */
export const createUrlsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Base URL Meta's servers and browsers use to reach this Strapi. */
  publicUrl(): string {
    const configured = getPluginConfig(strapi).publicUrl;
    if (configured) return trimSlash(configured);
    const serverUrl = strapi.config.get<string>('server.absoluteUrl') || strapi.config.get<string>('server.url');
    if (serverUrl && /^https?:\/\//.test(serverUrl)) return trimSlash(serverUrl);
    const host = strapi.config.get<string>('server.host', 'localhost');
    const port = strapi.config.get<number>('server.port', 1337);
    return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  },
  redirectUri(): string {
    return `${this.publicUrl()}/api/${PLUGIN_ID}/oauth/callback`;
  },
  deauthorizeUrl(): string {
    return `${this.publicUrl()}/api/${PLUGIN_ID}/meta/deauthorize`;
  },
  dataDeletionUrl(): string {
    return `${this.publicUrl()}/api/${PLUGIN_ID}/meta/data-deletion`;
  },
  dataDeletionStatusUrl(code: string): string {
    return `${this.publicUrl()}/api/${PLUGIN_ID}/meta/data-deletion/${encodeURIComponent(code)}`;
  },
  /** The callback URL for Instagram webhooks in Meta's dashboard. */
  webhookCallbackUrl(): string {
    return `${this.publicUrl()}/api/${PLUGIN_ID}/webhooks`;
  },
  /** The plugin's settings page in the admin panel. */
  adminSettingsUrl(query: Record<string, string> = {}): string {
    const configured = getPluginConfig(strapi).adminUrl;
    const adminPath = strapi.config.get<string>('admin.path', '/admin') || '/admin';
    const adminUrl = configured
      ? trimSlash(configured)
      : strapi.config.get<string>('admin.absoluteUrl') || `${this.publicUrl()}${adminPath.startsWith('/') ? adminPath : `/${adminPath}`}`;
    const search = new URLSearchParams(query).toString();
    return `${trimSlash(adminUrl)}/settings/${PLUGIN_ID}${search ? `?${search}` : ''}`;
  },
});

export type UrlsService = ReturnType<typeof createUrlsService>;
