import { ACTIONS, requirePermissions } from '../../permissions';
import type { RouteConfig } from './types';

export default [
  { method: 'GET', path: '/connections', handler: 'connections.find', config: { policies: requirePermissions(ACTIONS.connectionsRead) } },
  { method: 'GET', path: '/connections/:id/insights', handler: 'insights.findAccount', config: { policies: requirePermissions(ACTIONS.connectionsRead) } },
  { method: 'POST', path: '/connections/:id/refresh', handler: 'connections.refresh', config: { policies: requirePermissions(ACTIONS.connectionsManage) } },
  { method: 'DELETE', path: '/connections/:id', handler: 'connections.delete', config: { policies: requirePermissions(ACTIONS.connectionsManage) } },
  { method: 'POST', path: '/oauth/start', handler: 'oauth.start', config: { policies: requirePermissions(ACTIONS.connectionsManage) } },
  { method: 'GET', path: '/oauth/pending/:id', handler: 'oauth.pending', config: { policies: requirePermissions(ACTIONS.connectionsManage) } },
  { method: 'POST', path: '/oauth/pending/:id/select', handler: 'oauth.select', config: { policies: requirePermissions(ACTIONS.connectionsManage) } },
] satisfies RouteConfig[];
