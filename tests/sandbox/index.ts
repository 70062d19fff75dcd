/**
 * The Instagram sandbox: one local HTTP server that behaves like Meta's Instagram Login, Facebook Login
 * and content-publishing endpoints, for tests, benchmarks and the playground. See README.md.
 */
export { startSandbox, DEFAULT_OPTIONS } from './server';
export type { Sandbox, SandboxEndpoints, SeedMediaSpec } from './server';
export type { SandboxAccounts } from './state';
export { INSTAGRAM_SCOPES, FACEBOOK_SCOPES, LIFETIME } from './state';
export type { SandboxClock } from './clock';
export type { SandboxWebhooks, WebhookDeliveryOptions } from './callbacks';
export type { SandboxStats } from './context';
export { faults, seededRandom, throttledAt, CHAOS_KINDS } from './faults';
export { signedRequest, webhookSignature } from './signing';
export { appsecretProof } from './ids';
export { parseMp4 } from './mp4';
export type { Mp4Info } from './mp4';
export { REFRESH_MIN_AGE } from './routes/instagram-login';
export * from './types';
