import type { RouteConfig } from '../admin/types';

/**
 * Public: Meta calls these. The GET handshake is checked against `webhooks.verifyToken`, each POST
 * against X-Hub-Signature-256 (the raw body, read by middlewares/webhook-body.ts).
 */
export default [
  { method: 'GET', path: '/webhooks', handler: 'webhooks.verify', config: { auth: false } },
  { method: 'POST', path: '/webhooks', handler: 'webhooks.receive', config: { auth: false } },
] satisfies RouteConfig[];
