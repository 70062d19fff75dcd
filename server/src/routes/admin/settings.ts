import { ACTIONS, requirePermissions } from '../../permissions';
import type { RouteConfig } from './types';

export default [
  { method: 'GET', path: '/settings', handler: 'settings.find', config: { policies: requirePermissions(ACTIONS.settingsManage) } },
  { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: requirePermissions(ACTIONS.settingsManage) } },
] as RouteConfig[];
