import type { LoginKind } from './statuses';

export interface FlowStatus {
  configured: boolean;
  appId: string | null;
  appSecretPresent: boolean;
}

/** Meta's usage counters, in percent of the limit (100 = throttled). */
export interface RateLimitCounters {
  callCount: number;
  totalCputime: number;
  totalTime: number;
}

/** One app's or account's latest usage as the Graph client last saw it. */
export interface RateLimitScopeStatus {
  /** null before Meta reported any usage (Meta only sends the headers once enough calls were made), or after an hour without. */
  usage: RateLimitCounters | null;
  observedAt: string | null;
  /** ISO time until which calls are paused; null when they are not. */
  pausedUntil: string | null;
  /** Spacing now applied between two calls, in ms (0: full speed). */
  spacingMs: number;
}

/** `rateLimits` settings and the usage seen by this Strapi instance (in memory, since it started). */
export interface RateLimitStatus {
  enabled: boolean;
  slowAbove: number;
  pauseAbove: number;
  apps: { instagram: RateLimitScopeStatus; facebook: RateLimitScopeStatus };
  /** The busiest accounts (at most 50) by the Instagram account or Page id Meta reported. */
  accounts: Array<RateLimitScopeStatus & { id: string }>;
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
  /** Meta's rate-limit usage per app (and busiest accounts), and whether calls are slowed or paused. */
  rateLimits: RateLimitStatus;
}

/** GET /config-status */
export declare namespace GetConfigStatus {
  interface Response {
    data: ConfigStatus;
  }
}
