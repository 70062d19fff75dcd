import type { RouteConfig } from '../admin/types';
import { PLUGIN_ID } from '../../utils/plugin-id';

/**
 * A fresh config per route: Strapi writes each route's Users & Permissions action into its config
 * (`auth.scope`, with lodash's defaultsDeep), so a config object shared by several routes would carry
 * the first route's action for all of them, and granting one action would open every route.
 */
const endUser = () => ({ policies: [`plugin::${PLUGIN_ID}.is-end-user`] });

/**
 * The routes an app's own users call for themselves (contracts/end-users.ts). Each is a Users &
 * Permissions action, closed until a role is granted it, and acts for the JWT's user only. They
 * exist only with `endUsers.enabled` (register.ts adds them), so they answer 404 until then.
 */
export default [
  { method: 'GET', path: '/me/connections', handler: 'my-connections.find', config: endUser() },
  { method: 'DELETE', path: '/me/connections/:id', handler: 'my-connections.delete', config: endUser() },
  { method: 'GET', path: '/me/connections/:id/insights', handler: 'my-insights.findAccount', config: endUser() },
  { method: 'POST', path: '/me/oauth/start', handler: 'my-oauth.start', config: endUser() },
  { method: 'POST', path: '/me/oauth/complete', handler: 'my-oauth.complete', config: endUser() },
  { method: 'POST', path: '/me/files', handler: 'my-files.create', config: endUser() },
  { method: 'GET', path: '/me/files', handler: 'my-files.find', config: endUser() },
  { method: 'POST', path: '/me/publications', handler: 'my-publications.create', config: endUser() },
  { method: 'GET', path: '/me/publications', handler: 'my-publications.find', config: endUser() },
  { method: 'GET', path: '/me/publications/:id', handler: 'my-publications.findOne', config: endUser() },
  { method: 'GET', path: '/me/publications/:id/insights', handler: 'my-insights.findOne', config: endUser() },
  { method: 'POST', path: '/me/publications/:id/cancel', handler: 'my-publications.cancel', config: endUser() },
  { method: 'POST', path: '/me/publications/:id/retry', handler: 'my-publications.retry', config: endUser() },
  { method: 'GET', path: '/me/publications/:id/comments', handler: 'my-comments.find', config: endUser() },
  { method: 'POST', path: '/me/publications/:id/comments/:commentId/replies', handler: 'my-comments.reply', config: endUser() },
  { method: 'POST', path: '/me/publications/:id/comments/:commentId/hide', handler: 'my-comments.hide', config: endUser() },
  { method: 'DELETE', path: '/me/publications/:id/comments/:commentId', handler: 'my-comments.delete', config: endUser() },
  { method: 'POST', path: '/me/publications/:id/comments-enabled', handler: 'my-comments.setEnabled', config: endUser() },
] satisfies RouteConfig[];
