import type { Core } from '@strapi/strapi';
import { backgroundDisabled } from './background';
import { registerWebhookEvents } from './events/register';
import { RBAC_ACTIONS } from './permissions';
import { startPublishing } from './publishing';
import { subscribeToUserDeletion } from './services/end-users/user-lifecycles';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types exist by now: a configured mapping naming a wrong type or field stops start-up here.
  getService(strapi, 'mappings').assertConfiguredMappings();
  await strapi.service('admin::permission').actionProvider.registerMany(RBAC_ACTIONS);
  // Connecting the store here (not in register) means a MongoDB that cannot be reached
  // stops start-up with a clear error instead of failing the first editor request.
  await getService(strapi, 'store').init();
  // A deleted Users & Permissions user takes their connections and pending posts along.
  subscribeToUserDeletion(strapi);
  // The plugin's events become Strapi webhook events; mail notices listen to them.
  registerWebhookEvents(strapi);
  getService(strapi, 'emailNotices').subscribe();
  if (backgroundDisabled()) return;
  getService(strapi, 'tokenRefresh').schedule();
  getService(strapi, 'insightsSync').schedule();
  await startPublishing(strapi);
};
