import type { Core } from '@strapi/strapi';
import { isInstagramApiError } from '../../instagram';
import type { Connection } from '../../store/types';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';

/** Where the outcome of an account's last webhook subscription is kept (the store's settings). */
export const subscriptionKey = (connectionId: string) => `webhook-subscription:${connectionId}`;

export interface WebhookSubscriptionRecord {
  subscribed: boolean;
  at: string;
  /** Meta's editor-readable message when the subscription failed. */
  error: string | null;
}

/**
 * Subscribes the app to a newly saved connection's webhooks (instagram/webhook-subscriptions.ts) and
 * records the outcome. Never throws: an account whose subscription failed still publishes; its new
 * comments simply wait for the next sync, and the failure is logged and kept for support.
 */
export const subscribeConnectionToWebhooks = async (strapi: Core.Strapi, connection: Connection): Promise<WebhookSubscriptionRecord> => {
  const logger = createLogger(strapi);
  let record: WebhookSubscriptionRecord;
  try {
    const subscribed = await getService(strapi, 'graph')
      .client()
      .subscribeToWebhooks({
        host: connection.loginKind,
        igUserId: connection.instagramUserId,
        accessToken: connection.accessToken ?? '',
        pageId: connection.pageId,
      });
    record = { subscribed, at: new Date().toISOString(), error: subscribed ? null : 'Meta did not confirm the subscription.' };
  } catch (error) {
    const message = isInstagramApiError(error) ? error.userMessage : 'The webhook subscription could not be made.';
    record = { subscribed: false, at: new Date().toISOString(), error: message };
  }
  if (record.subscribed) logger.debug(`webhooks: @${connection.profile.username} subscribed`);
  else logger.warn(`webhooks: @${connection.profile.username} could not be subscribed (${record.error}); its comments will wait for the next sync`);
  try {
    await getService(strapi, 'store').get().settings.set(subscriptionKey(connection.id), record);
  } catch (error) {
    logger.warn('webhooks: the subscription outcome could not be recorded', error);
  }
  return record;
};
