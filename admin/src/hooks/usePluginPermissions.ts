import { useAuth } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { PERMISSIONS } from '../permissions';

export type PluginPermissions = { [K in keyof typeof PERMISSIONS]: boolean } & { isLoading: boolean };

/**
 * What the current admin may do in this plugin. Strapi's useRBAC names results after the
 * last segment of the action (`canRead`), and two of ours end in `.read`, so the admin's
 * permission list is read directly: plugin actions carry no conditions.
 */
export const usePluginPermissions = (): PluginPermissions => {
  const permissions = useAuth('usePluginPermissions', (state) => state.permissions);
  const isLoading = useAuth('usePluginPermissions', (state) => state.isLoading);

  return useMemo(() => {
    const granted = new Set((permissions ?? []).map((permission) => permission.action));
    const has = (key: keyof typeof PERMISSIONS) => PERMISSIONS[key].every(({ action }) => granted.has(action));
    return {
      isLoading,
      connectionsRead: has('connectionsRead'),
      connectionsManage: has('connectionsManage'),
      publicationsRead: has('publicationsRead'),
      publicationsCreate: has('publicationsCreate'),
      settingsManage: has('settingsManage'),
      endUsersManage: has('endUsersManage'),
      commentsModerate: has('commentsModerate'),
    };
  }, [permissions, isLoading]);
};
