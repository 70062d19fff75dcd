import type { ResolvedSandboxOptions, SandboxOptions } from './types';

export const DEFAULT_OPTIONS: ResolvedSandboxOptions = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  latencyMs: 0,
  containerProcessingMs: 1000,
  videoProcessingMs: 3000,
  quotaTotal: 50,
  instagramApp: Object.freeze({ appId: 'sandbox-ig-app', appSecret: 'sandbox-ig-secret' }),
  facebookApp: Object.freeze({ appId: 'sandbox-fb-app', appSecret: 'sandbox-fb-secret' }),
  fetchMedia: true,
  allowPrivateMediaUrls: true,
  instagramTokenShape: 'data',
  permissionsFormat: 'string',
  tokenUserId: 'app-scoped',
  accountsPageSize: 2,
  mediaFetchTimeoutMs: 10_000,
  containerLimitPerDay: 400,
  requireAppsecretProof: true,
  callLogLimit: 100_000,
  // Instagram allows 5 hashtags per post or reel since December 2025 (30 before).
  captionLimits: Object.freeze({ characters: 2200, hashtags: 5, mentions: 20 }),
  // Low, as for a quiet app: tests raise it with sb.set({ usage: { app: 90 } }).
  usage: Object.freeze({ app: 0, account: 0 }),
}) as ResolvedSandboxOptions;

/** The options with the patch's defined values laid over them. */
export function resolveOptions(base: ResolvedSandboxOptions, patch: Partial<SandboxOptions>): ResolvedSandboxOptions {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out as unknown as ResolvedSandboxOptions;
}
