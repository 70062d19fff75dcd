import { ACTIONS, requireAnyPermission, requirePermissions } from '../../permissions';
import type { RouteConfig } from './types';

export default [
  { method: 'GET', path: '/publications', handler: 'publications.find', config: { policies: requirePermissions(ACTIONS.publicationsRead) } },
  { method: 'POST', path: '/publications', handler: 'publications.create', config: { policies: requirePermissions(ACTIONS.publicationsCreate) } },
  { method: 'GET', path: '/publications/:id/insights', handler: 'insights.findOne', config: { policies: requirePermissions(ACTIONS.publicationsRead) } },
  // Polled by the entry's panel (publications.read) and an open comments list (comments.moderate).
  {
    method: 'GET',
    path: '/publications/:id/activity',
    handler: 'insights.activity',
    config: { policies: requireAnyPermission(ACTIONS.publicationsRead, ACTIONS.commentsModerate) },
  },
  { method: 'POST', path: '/publications/:id/retry', handler: 'publications.retry', config: { policies: requirePermissions(ACTIONS.publicationsCreate) } },
  { method: 'POST', path: '/publications/:id/cancel', handler: 'publications.cancel', config: { policies: requirePermissions(ACTIONS.publicationsCreate) } },
  { method: 'POST', path: '/preview', handler: 'publications.preview', config: { policies: requirePermissions(ACTIONS.publicationsRead) } },
] as RouteConfig[];
