import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { redact, redactError } from './redact';

/** The configured secrets, removed from any line even where no pattern would catch them. */
const configuredSecrets = (strapi: Core.Strapi): string[] => {
  const config = getPluginConfig(strapi);
  return [
    config.instagram.appSecret,
    config.facebook.appSecret,
    config.encryptionKey,
    ...(config.encryptionKeys ?? []),
  ].filter((secret): secret is string => Boolean(secret));
};

/**
 * Strapi's logger behind redaction: every line the plugin writes passes through here,
 * so a token inside an axios error or a URL cannot reach the logs.
 */
export const createLogger = (strapi: Core.Strapi) => {
  const line = (message: string, error?: unknown) => {
    const secrets = configuredSecrets(strapi);
    const text = error === undefined ? message : `${message}: ${redactError(error, secrets).message}`;
    return `[instagram-publisher] ${redact(text, secrets)}`;
  };
  // Debug lines are built (and redacted) only when someone will read them.
  const debugEnabled = () => (strapi.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug') ?? true;
  return {
    debug: (message: string, error?: unknown) => {
      if (debugEnabled()) strapi.log.debug(line(message, error));
    },
    info: (message: string, error?: unknown) => strapi.log.info(line(message, error)),
    warn: (message: string, error?: unknown) => strapi.log.warn(line(message, error)),
    error: (message: string, error?: unknown) => strapi.log.error(line(message, error)),
  };
};

export type Logger = ReturnType<typeof createLogger>;
