import type { ConnectionHealth, LoginKind, PostKind } from './statuses';

/**
 * The events the plugin emits through Strapi's event hub (`strapi.eventHub`), which are also
 * Strapi webhook events (Settings → Webhooks, or the admin's /webhooks API). A webhook delivery
 * is `{ event, createdAt, ...payload }`. No payload ever carries a token, an app secret or an
 * OAuth code: they are built by the mappers of server/src/events/payloads.ts, field by field.
 */
export const PLUGIN_EVENTS = [
  'instagram-publisher.publication.published',
  'instagram-publisher.publication.failed',
  'instagram-publisher.connection.needs-reconnect',
  'instagram-publisher.comment.created',
  'instagram-publisher.mention.created',
] as const;

export type PluginEventName = (typeof PLUGIN_EVENTS)[number];

/** A publication as events describe it (dates as ISO strings). `ownerUserId` is set for an end user's post. */
export interface EventPublication {
  id: string;
  ownerUserId: string | null;
  uid: string;
  documentId: string;
  locale: string | null;
  connectionId: string | null;
  kind: PostKind | null;
  mediaId: string | null;
  permalink: string | null;
  publishedAt: string | null;
}

/** The Instagram account a post or a comment belongs to: its professional account id (`user_id`) and username. */
export interface EventAccount {
  id: string | null;
  username: string | null;
}

export interface PublicationPublishedEvent {
  publication: EventPublication;
  account: EventAccount;
}

export interface PublicationFailedEvent {
  publication: EventPublication;
  error: { code: number | null; subcode: number | null; message: string };
}

export interface ConnectionNeedsReconnectEvent {
  connection: {
    id: string;
    ownerKind: 'admin' | 'user';
    /** Admin side: the admin who connected it; end user: the Users & Permissions user who owns it. */
    userId: string | null;
    username: string | null;
    loginKind: LoginKind;
    /** `reconnect_needed` (log in again) or `action_required` (act in the Instagram app). */
    health: Extract<ConnectionHealth, 'reconnect_needed' | 'action_required'>;
    healthReason: string | null;
  };
}

export interface CommentCreatedEvent {
  comment: { id: string; mediaId: string | null; text: string | null; username: string | null; timestamp: string | null; parentId: string | null };
  account: EventAccount;
}

export interface MentionCreatedEvent {
  /** A caption (`commentId` null) or a comment that mentions the account. */
  mention: { mediaId: string; commentId: string | null };
  account: EventAccount;
}

/** Each event's payload, by name. */
export interface PluginEventPayloads {
  'instagram-publisher.publication.published': PublicationPublishedEvent;
  'instagram-publisher.publication.failed': PublicationFailedEvent;
  'instagram-publisher.connection.needs-reconnect': ConnectionNeedsReconnectEvent;
  'instagram-publisher.comment.created': CommentCreatedEvent;
  'instagram-publisher.mention.created': MentionCreatedEvent;
}
