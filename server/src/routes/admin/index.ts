import { ACTIONS, requireAnyPermission } from '../../permissions';
import comments from './comments';
import connections from './connections';
import endUsers from './end-users';
import publications from './publications';
import settings from './settings';
import type { RouteConfig } from './types';

const config: RouteConfig[] = [
  {
    method: 'GET',
    path: '/config-status',
    handler: 'config.status',
    // The settings page reads it, and that page opens for connections.read, settings.manage or end-users.manage.
    config: { policies: requireAnyPermission(ACTIONS.connectionsRead, ACTIONS.settingsManage, ACTIONS.endUsersManage) },
  },
];

/** Admin-panel routes, served under /instagram-publisher/...; each one guarded by RBAC. */
export default {
  type: 'admin' as const,
  routes: [...config, ...connections, ...publications, ...comments, ...settings, ...endUsers],
};
