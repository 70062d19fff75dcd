import type { Core } from '@strapi/strapi';
import { PLUGIN_EVENTS, webhookKeyOf } from './names';

/**
 * Makes each plugin event a Strapi webhook event, as Strapi's own plugins do (content-releases
 * adds `releases.publish`, upload its `media.*` events): the webhook store then accepts webhooks
 * subscribing to them, and the webhook runner delivers whatever the event hub emits under their names.
 */
export const registerWebhookEvents = (strapi: Core.Strapi) => {
  const webhookStore = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void } | undefined;
  if (!webhookStore) return;
  for (const name of PLUGIN_EVENTS) webhookStore.addAllowedEvent(webhookKeyOf(name), name);
};
