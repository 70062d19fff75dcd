import { ACTIONS, requirePermissions } from '../permissions';

/** Admin-panel routes, served under /instagram-publisher/...; each one guarded by RBAC. */
export default {
  type: 'admin' as const,
  routes: [
    {
      method: 'GET',
      path: '/config-status',
      handler: 'config.status',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
  ],
};

export { ACTIONS, requirePermissions };
