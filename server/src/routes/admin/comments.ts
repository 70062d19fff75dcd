import { ACTIONS, requirePermissions } from '../../permissions';
import type { RouteConfig } from './types';

/** Moderating a published post's comments: comments.moderate, plus (in the service) read access to the entry. */
const moderate = () => ({ policies: requirePermissions(ACTIONS.commentsModerate) });

export default [
  { method: 'GET', path: '/publications/:id/comments', handler: 'comments.find', config: moderate() },
  { method: 'POST', path: '/publications/:id/comments/:commentId/replies', handler: 'comments.reply', config: moderate() },
  { method: 'POST', path: '/publications/:id/comments/:commentId/hide', handler: 'comments.hide', config: moderate() },
  { method: 'DELETE', path: '/publications/:id/comments/:commentId', handler: 'comments.delete', config: moderate() },
  { method: 'POST', path: '/publications/:id/comments-enabled', handler: 'comments.setEnabled', config: moderate() },
] as RouteConfig[];
