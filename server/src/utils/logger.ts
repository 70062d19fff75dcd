import type { Core } from '@strapi/strapi';
import { redact, redactError } from './redact';

/**
 * Strapi's logger behind redaction: every line the plugin writes passes through here,
 * so a token inside an axios error or a URL cannot reach the logs.
 */
export const createLogger = (strapi: Core.Strapi, secrets: () => string[] = () => []) => {
  const line = (message: string, error?: unknown) => {
    const text = error === undefined ? message : `${message}: ${redactError(error, secrets()).message}`;
    return `[instagram-publisher] ${redact(text, secrets())}`;
  };
  return {
    debug: (message: string, error?: unknown) => strapi.log.debug(line(message, error)),
    info: (message: string, error?: unknown) => strapi.log.info(line(message, error)),
    warn: (message: string, error?: unknown) => strapi.log.warn(line(message, error)),
    error: (message: string, error?: unknown) => strapi.log.error(line(message, error)),
  };
};

export type Logger = ReturnType<typeof createLogger>;
