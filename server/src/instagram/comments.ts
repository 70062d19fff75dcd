/**
 * Comment moderation on a published media, the same for both logins on their own Graph host:
 * list comments with their replies (cursor paged), reply, hide or unhide, delete, and turn a
 * post's comments on or off. Every call needs the comments scope (`instagram_business_manage_comments`
 * under Instagram Login, `instagram_manage_comments` under Facebook Login).
 */
import { z } from 'zod';
import type { CommentView } from '../contracts';
import { encodeId, type Account, type AccountCalls } from './account-calls';
import { graphIdSchema, idResponseSchema, successResponseSchema } from './schemas';

const COMMENT_FIELDS = 'id,text,username,timestamp,like_count,hidden,parent_id';
/** Top-level comments with their replies in one call; Meta pages replies inside the field. */
const LIST_FIELDS = `${COMMENT_FIELDS},replies{${COMMENT_FIELDS}}`;

const rawCommentSchema = z.object({
  id: graphIdSchema,
  text: z.string().optional(),
  username: z.string().optional(),
  timestamp: z.string().optional(),
  like_count: z.number().optional(),
  hidden: z.boolean().optional(),
  parent_id: graphIdSchema.optional(),
});

/** A comment as the client reads it: already the shape the routes answer (contracts/comments.ts). */
export type GraphComment = CommentView;

export interface GraphCommentThread extends GraphComment {
  replies: GraphComment[];
}

export interface GraphCommentPage {
  comments: GraphCommentThread[];
  /** Cursor of the next page, null on the last one. */
  after: string | null;
}

const toComment = (c: z.infer<typeof rawCommentSchema>): GraphComment => ({
  id: c.id,
  text: c.text ?? '',
  username: c.username ?? null,
  timestamp: c.timestamp ?? null,
  likeCount: c.like_count ?? 0,
  hidden: c.hidden ?? false,
  parentId: c.parent_id ?? null,
});

const pagingSchema = z.object({ cursors: z.object({ after: z.string().optional() }).partial().optional(), next: z.string().optional() }).partial();

export const commentPageSchema = z
  .object({
    data: z.array(rawCommentSchema.extend({ replies: z.object({ data: z.array(rawCommentSchema) }).partial().optional() })),
    paging: pagingSchema.optional(),
  })
  .transform((body): GraphCommentPage => ({
    comments: body.data.map((c) => ({ ...toComment(c), replies: (c.replies?.data ?? []).map(toComment) })),
    // Meta sends cursors on every page; only a `next` link says there is another one.
    after: body.paging?.next && body.paging.cursors?.after ? body.paging.cursors.after : null,
  }));

const commentMediaSchema = z.object({ id: graphIdSchema, media: z.object({ id: graphIdSchema }) }).transform((body) => body.media.id);

export const createComments = ({ calls: { read, write } }: { calls: AccountCalls }) => ({
  /** One page of a media's top-level comments, each with its replies. */
  async listComments(account: Account, mediaId: string, { after, limit = 25 }: { after?: string | null; limit?: number } = {}): Promise<GraphCommentPage> {
    const query: Record<string, string> = { fields: LIST_FIELDS, limit: String(limit) };
    if (after) query.after = after;
    return read(account, { operation: 'listComments', path: `/${encodeId(mediaId)}/comments`, query, needs: 'comment', schema: commentPageSchema });
  },

  /** The media a comment is on, so a caller can check a comment id belongs to the post it names. */
  async getCommentMediaId(account: Account, commentId: string): Promise<string> {
    const query = { fields: 'id,media' };
    return read(account, { operation: 'getComment', path: `/${encodeId(commentId)}`, query, needs: 'comment', schema: commentMediaSchema });
  },

  /** Replies to a top-level comment; returns the reply's id. Never retried: a retry could reply twice. */
  async replyToComment(account: Account, commentId: string, message: string): Promise<string> {
    const path = `/${encodeId(commentId)}/replies`;
    return write(account, { operation: 'replyToComment', path, form: { message }, needs: 'comment', schema: idResponseSchema });
  },

  /** Hides a comment from everyone but its author (or shows it again). */
  async setCommentHidden(account: Account, commentId: string, hidden: boolean): Promise<void> {
    const form = { hide: String(hidden) };
    await write(account, { operation: 'setCommentHidden', path: `/${encodeId(commentId)}`, form, needs: 'comment', schema: successResponseSchema });
  },

  /** Deletes a comment (a top-level one takes its replies with it). */
  async deleteComment(account: Account, commentId: string): Promise<void> {
    await write(account, { operation: 'deleteComment', path: `/${encodeId(commentId)}`, needs: 'comment', schema: successResponseSchema }, 'DELETE');
  },

  /** Turns comments on a media on or off. */
  async setCommentsEnabled(account: Account, mediaId: string, enabled: boolean): Promise<void> {
    const form = { comment_enabled: String(enabled) };
    await write(account, { operation: 'setCommentsEnabled', path: `/${encodeId(mediaId)}`, form, needs: 'comment', schema: successResponseSchema });
  },
});
