import type {
  CommentCreatedEvent,
  ConnectionNeedsReconnectEvent,
  EventAccount,
  EventPublication,
  MentionCreatedEvent,
  PublicationFailedEvent,
  PublicationPublishedEvent,
} from '../contracts/events';
import type { Connection, Publication, PublicationError } from '../store/types';

/**
 * Event payloads, copied field by field from what the plugin holds. Never spread a stored row or
 * a Graph answer into a payload: connections carry decrypted tokens, and whatever is not named
 * here cannot leave the server through an event, a webhook delivery or an e-mail.
 */

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const iso = (value: Date | null | undefined): string | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null);

export const eventPublication = (publication: Publication): EventPublication => ({
  id: String(publication.id),
  ownerUserId: publication.ownerUserId ?? null,
  uid: publication.uid,
  documentId: publication.documentId,
  locale: publication.locale ?? null,
  connectionId: publication.connectionId ?? null,
  kind: publication.kind ?? null,
  mediaId: publication.mediaId ?? null,
  permalink: publication.permalink ?? null,
  publishedAt: iso(publication.publishedAt),
});

type AccountSource = Pick<Connection, 'instagramUserId' | 'profile'>;

/** The account of a connection (its Instagram id, as the webhook events name it); without one, the username the publication recorded. */
export const eventAccount = (connection: AccountSource | null, publication?: Pick<Publication, 'accountUsername'>): EventAccount => ({
  id: text(connection?.instagramUserId),
  username: text(connection?.profile?.username) || (publication?.accountUsername ?? null),
});

export const publishedPayload = (publication: Publication, connection: AccountSource | null): PublicationPublishedEvent => ({
  publication: eventPublication(publication),
  account: eventAccount(connection, publication),
});

export const failedPayload = (publication: Publication, error: Pick<PublicationError, 'code' | 'subcode' | 'message'>): PublicationFailedEvent => ({
  publication: eventPublication(publication),
  error: { code: error.code ?? null, subcode: error.subcode ?? null, message: String(error.message) },
});

export const needsReconnectPayload = (
  connection: Pick<Connection, 'id' | 'ownerKind' | 'userId' | 'profile' | 'loginKind' | 'status' | 'lastError'>,
): ConnectionNeedsReconnectEvent => ({
  connection: {
    id: String(connection.id),
    ownerKind: connection.ownerKind === 'user' ? 'user' : 'admin',
    userId: connection.userId ?? null,
    username: text(connection.profile?.username) || null,
    loginKind: connection.loginKind,
    health: connection.status === 'action_required' ? 'action_required' : 'reconnect_needed',
    healthReason: connection.lastError ?? null,
  },
});

/** A comment as Meta's webhook or the Graph API describes it (`from.username`, `parent_id`). */
export interface CommentSource {
  id: string | number;
  mediaId?: string | null;
  text?: string | null;
  username?: string | null;
  timestamp?: string | Date | null;
  parentId?: string | null;
}

export const commentPayload = (comment: CommentSource, connection: AccountSource | null): CommentCreatedEvent => ({
  comment: {
    id: String(comment.id),
    mediaId: text(comment.mediaId),
    text: text(comment.text),
    username: text(comment.username),
    timestamp: comment.timestamp instanceof Date ? iso(comment.timestamp) : text(comment.timestamp),
    parentId: text(comment.parentId),
  },
  account: eventAccount(connection),
});

export interface MentionSource {
  mediaId: string | number;
  commentId?: string | number | null;
}

export const mentionPayload = (mention: MentionSource, connection: AccountSource | null): MentionCreatedEvent => ({
  mention: { mediaId: String(mention.mediaId), commentId: mention.commentId == null ? null : String(mention.commentId) },
  account: eventAccount(connection),
});
