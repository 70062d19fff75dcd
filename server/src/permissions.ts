import { PLUGIN_ID } from './utils/plugin-id';

/** RBAC actions the plugin registers; routes and the admin UI check the same list. */
export const ACTIONS = {
  connectionsRead: 'connections.read',
  connectionsManage: 'connections.manage',
  publicationsRead: 'publications.read',
  publicationsCreate: 'publications.create',
  settingsManage: 'settings.manage',
  endUsersManage: 'end-users.manage',
  commentsModerate: 'comments.moderate',
} as const;

export const actionUid = (action: (typeof ACTIONS)[keyof typeof ACTIONS]) => `plugin::${PLUGIN_ID}.${action}`;

export const RBAC_ACTIONS = [
  { uid: ACTIONS.connectionsRead, displayName: 'Read Instagram connections', subCategory: 'connections' },
  { uid: ACTIONS.connectionsManage, displayName: 'Connect, refresh and disconnect Instagram accounts', subCategory: 'connections' },
  { uid: ACTIONS.publicationsRead, displayName: 'Read Instagram publications', subCategory: 'publications' },
  { uid: ACTIONS.publicationsCreate, displayName: 'Publish, schedule, retry and cancel Instagram posts', subCategory: 'publications' },
  { uid: ACTIONS.commentsModerate, displayName: 'Read, answer, hide and delete comments on Instagram posts', subCategory: 'comments' },
  { uid: ACTIONS.settingsManage, displayName: 'Manage Instagram publishing settings', subCategory: 'settings' },
  // Support staff: sees which app users connected which account, and revokes one (it reads users' emails).
  { uid: ACTIONS.endUsersManage, displayName: "See and revoke app users' Instagram connections", subCategory: 'end users' },
].map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }));

/** Route policy requiring the given plugin actions (401 without a session, 403 without the permission). */
export const requirePermissions = (...actions: Array<(typeof ACTIONS)[keyof typeof ACTIONS]>) => [
  { name: 'admin::hasPermissions', config: { actions: actions.map(actionUid) } },
];

/**
 * Route policy passing when the admin holds any one of the given plugin actions (Strapi's
 * `admin::hasPermissions` wants all of them): for screens that several roles may open.
 */
export const requireAnyPermission = (...actions: Array<(typeof ACTIONS)[keyof typeof ACTIONS]>) => [
  { name: `plugin::${PLUGIN_ID}.has-any-permission`, config: { actions: actions.map(actionUid) } },
];
