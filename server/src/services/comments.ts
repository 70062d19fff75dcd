/**
 * Moderating the comments of a published post: list (paged), reply, hide or unhide, delete, and turn
 * comments on or off. A post is reached through its publication, with the token of the connection
 * that published it: an editor's (admin side, Content Manager read permission on the entry) or an end
 * user's own (their routes; anyone else's post answers 404).
 */
import type { Core } from '@strapi/strapi';
import type { CommentThreadView } from '../contracts';
import { CALL_SCOPES, isInstagramApiError, type Account } from '../instagram';
import { accountOf } from '../publishing/accounts';
import { ADMIN_OWNER, userOwner, type ConnectionOwner, type Publication } from '../store/types';
import { conflict, forbidden, notFound, upstreamError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { unusableReason } from './connection-health';
import type { AdminAbility } from './entry-access';

const RECONNECT = 'This connection was made without the permission to manage comments: reconnect to moderate comments.';

/** A published post and the account that may moderate it. */
export interface CommentTarget {
  mediaId: string;
  account: Account;
}


/** Meta's answer as ours: a missing scope is the reconnect 403, an unknown comment 404, the rest 502. */
const graphFailure = (error: unknown): unknown => {
  if (!isInstagramApiError(error)) return error;
  if (error.class === 'permission') return forbidden(RECONNECT, { reason: 'missing_scope', missingScopes: error.requiredScopes ?? [] });
  if (error.code === 100 && error.subcode === 33) return notFound('The comment or post no longer exists on Instagram.');
  return upstreamError(error);
};

export const createCommentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();

  /** The post's account, once the post is live and its connection may moderate comments. */
  const targetOf = async (publication: Publication, owner: ConnectionOwner): Promise<CommentTarget> => {
    if (publication.status !== 'published' || !publication.mediaId) {
      throw conflict(`Only a published post has comments; this one is ${publication.status}.`);
    }
    const connection = publication.connectionId ? await store().connections.findOwned(publication.connectionId, owner) : null;
    if (!connection) throw conflict('The account this post went to is no longer connected.');
    const unusable = unusableReason(connection);
    if (unusable) throw conflict(unusable);
    const needed = CALL_SCOPES[connection.loginKind].comment;
    const missing = needed.filter((scope) => !connection.scopes.includes(scope));
    if (missing.length > 0) throw forbidden(RECONNECT, { reason: 'missing_scope', missingScopes: missing });
    return { mediaId: publication.mediaId, account: accountOf(connection) };
  };

  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw graphFailure(error);
    }
  };

  /**
   * A comment id is checked against the post before acting: otherwise an editor allowed to read one
   * entry could moderate the comments of another post of the same account by pairing the ids.
   */
  const onThisPost = async (target: CommentTarget, commentId: string) => {
    const mediaId = await call(() => graph().getCommentMediaId(target.account, commentId));
    if (mediaId !== target.mediaId) throw notFound(`comment ${commentId} not found on this post`);
  };

  return {
    /** An editor's target: an admin-side publication of an entry the admin may read. */
    async adminTarget(publicationId: string, ability?: AdminAbility): Promise<CommentTarget> {
      const publication = await store().publications.findById(publicationId);
      // End users' posts are theirs to moderate (their routes), not an editor's.
      if (!publication || publication.ownerUserId) throw notFound(`publication ${publicationId} not found`);
      await getService(strapi, 'entryAccess').assertCanRead(ability, { uid: publication.uid, documentId: publication.documentId, locale: publication.locale });
      return targetOf(publication, ADMIN_OWNER);
    },

    /** An end user's target: their own publication only; anyone else's answers 404. */
    async userTarget(userId: string, publicationId: string): Promise<CommentTarget> {
      const publication = await store().publications.findById(publicationId);
      if (!publication || publication.ownerUserId !== userId) throw notFound(`publication ${publicationId} not found`);
      return targetOf(publication, userOwner(userId));
    },

    async list(target: CommentTarget, page: { after?: string; limit: number }): Promise<{ comments: CommentThreadView[]; after: string | null }> {
      const result = await call(() => graph().listComments(target.account, target.mediaId, page));
      return { comments: result.comments, after: result.after };
    },

    async reply(target: CommentTarget, commentId: string, message: string) {
      await onThisPost(target, commentId);
      const id = await call(() => graph().replyToComment(target.account, commentId, message));
      return { id, parentId: commentId, text: message };
    },

    async setHidden(target: CommentTarget, commentId: string, hidden: boolean) {
      await onThisPost(target, commentId);
      await call(() => graph().setCommentHidden(target.account, commentId, hidden));
      return { id: commentId, hidden };
    },

    async remove(target: CommentTarget, commentId: string) {
      await onThisPost(target, commentId);
      await call(() => graph().deleteComment(target.account, commentId));
      return { id: commentId, deleted: true as const };
    },

    async setEnabled(target: CommentTarget, enabled: boolean) {
      await call(() => graph().setCommentsEnabled(target.account, target.mediaId, enabled));
      return { mediaId: target.mediaId, commentsEnabled: enabled };
    },
  };
};

export type CommentsService = ReturnType<typeof createCommentsService>;
