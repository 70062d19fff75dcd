import { ACTIONS, requireAnyPermission } from '../../permissions';
import connections from './connections';
import publications from './publications';
import settings from './settings';
import type { RouteConfig } from './types';

const config: RouteConfig[] = [
  {
    method: 'GET',
    path: '/config-status',
    handler: 'config.status',
    // The settings page reads it, and that page opens for connections.read or settings.manage.
    config: { policies: requireAnyPermission(ACTIONS.connectionsRead, ACTIONS.settingsManage) },
  },
];

/** Admin-panel routes, served under /instagram-publisher/...; each one guarded by RBAC. */
export default {
  type: 'admin' as const,
  routes: [...config, ...connections, ...publications, ...settings],
};
