import type { Core } from '@strapi/strapi';

/**
 * The plugin's end-user actions (README: "Let your app's users connect their Instagram"), one per
 * /me route: what the reference page in public/example-app/ calls.
 */
const END_USER_ACTIONS = [
  'my-connections.find',
  'my-connections.delete',
  'my-oauth.start',
  'my-oauth.complete',
  'my-files.create',
  'my-files.find',
  'my-publications.create',
  'my-publications.find',
  'my-publications.findOne',
  'my-publications.cancel',
  'my-publications.retry',
  'my-insights.findOne',
].map((action) => `plugin::instagram-publisher.${action}`);

/**
 * The playground's signed-up users may use the example app at once: the Authenticated role gets
 * the plugin's end-user actions. A real app does this once in the admin (Settings → Users &
 * Permissions → Roles → Authenticated → Instagram-publisher), not in code.
 *
 * Only when asked (`npm run develop` and the browser tests set EXAMPLE_APP_GRANTS=true): the
 * integration tests boot this app too and check that these routes stay closed until granted.
 * Registration needs nothing here: Users & Permissions allows it by default (Advanced settings →
 * "Enable sign-ups"), with email confirmation off.
 */
const grantEndUserActions = async (strapi: Core.Strapi) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) return;
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const granted = await permissions.findMany({ where: { role: role.id, action: { $in: END_USER_ACTIONS } } });
  const missing = END_USER_ACTIONS.filter((action) => !granted.some((permission) => permission.action === action));
  for (const action of missing) await permissions.create({ data: { action, role: role.id } });
};

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.EXAMPLE_APP_GRANTS === 'true') await grantEndUserActions(strapi);
  },
};
