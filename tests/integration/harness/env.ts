/** Environment every booted test app shares: quiet, no telemetry, no network. */
export const baseTestEnv = (): Record<string, string> => ({
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_HIDE_STARTUP_MESSAGE: 'true',
  STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'warn',
  BROWSER: 'false',
});
