const action = (name: string) => ({ action: `plugin::instagram-publisher.${name}`, subject: null });

/** The same RBAC actions the server registers; the UI hides what the admin may not do. */
export const PERMISSIONS = {
  connectionsRead: [action('connections.read')],
  connectionsManage: [action('connections.manage')],
  publicationsRead: [action('publications.read')],
  publicationsCreate: [action('publications.create')],
  settingsManage: [action('settings.manage')],
  endUsersManage: [action('end-users.manage')],
  commentsModerate: [action('comments.moderate')],
};
