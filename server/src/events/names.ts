import { PLUGIN_EVENTS, type PluginEventName } from '../contracts/events';

export { PLUGIN_EVENTS, type PluginEventName };

/** The plugin's event names, by what happened; every emitter and listener uses these. */
export const EVENTS = {
  publicationPublished: 'instagram-publisher.publication.published',
  publicationFailed: 'instagram-publisher.publication.failed',
  connectionNeedsReconnect: 'instagram-publisher.connection.needs-reconnect',
  commentCreated: 'instagram-publisher.comment.created',
  mentionCreated: 'instagram-publisher.mention.created',
} as const satisfies Record<string, PluginEventName>;

/**
 * The key Strapi's webhook store files an event under (its admin API and the stored webhooks use
 * the value, the event name): `instagram-publisher.publication.failed` → `INSTAGRAM_PUBLISHER_PUBLICATION_FAILED`.
 */
export const webhookKeyOf = (name: PluginEventName) => name.replace(/[.-]/g, '_').toUpperCase();
