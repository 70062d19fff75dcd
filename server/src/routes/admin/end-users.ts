import { ACTIONS, requirePermissions } from '../../permissions';
import type { RouteConfig } from './types';

/** Support's view of the connections an app's own users made (contracts/end-users.ts). */
export default [
  { method: 'GET', path: '/end-user-connections', handler: 'end-user-connections.find', config: { policies: requirePermissions(ACTIONS.endUsersManage) } },
  { method: 'DELETE', path: '/end-user-connections/:id', handler: 'end-user-connections.delete', config: { policies: requirePermissions(ACTIONS.endUsersManage) } },
] satisfies RouteConfig[];
