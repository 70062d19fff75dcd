import type { LoginKind } from './statuses';

export interface FlowStatus {
  configured: boolean;
  appId: string | null;
  appSecretPresent: boolean;
}

/** What an administrator needs to finish the setup in Meta's dashboard; never a secret. */
export interface ConfigStatus {
  configured: boolean;
  sandbox: boolean;
  flows: Record<LoginKind, FlowStatus>;
  redirectUri: string;
  callbacks: { deauthorize: string; dataDeletion: string };
  /** Instagram webhooks: the callback URL for Meta's dashboard and whether a verify token is configured (never the token). */
  webhooks: { callbackUrl: string; verifyTokenConfigured: boolean };
  publicUrl: string;
  /** Where connections, OAuth records and settings live (the publication queue is always in Strapi's database). */
  store: 'strapi' | 'mongo';
  graphApiVersion: string;
  /** The token refresh job; nextRunAt is null when this instance does not run it. */
  refresh: { enabled: boolean; cron: string; nextRunAt: string | null };
  /** Base URLs that differ from Meta's (sandbox, proxy). */
  endpoints: Record<string, string>;
  /** What is left to do, in sentences. */
  missing: string[];
  /** Whether the app's own users may connect (`endUsers.enabled`), how many have, and how many connections they hold. */
  endUsers: { enabled: boolean; users: number; connections: number };
}

/** GET /config-status */
export declare namespace GetConfigStatus {
  interface Response {
    data: ConfigStatus;
  }
}
