import { err } from '../errors';
import { graphTimestamp, parseFields, pick } from '../graph/fields';
import { MEDIA } from '../graph/nodes';
import { canActFor, requireScope } from '../graph/permissions';
import type { NodeCall, NodeKind, RouteModule } from '../graph/router';
import { ok } from '../http/answer';
import type { SandboxComment, SandboxMedia } from '../types';

const COMMENT_DEFAULT_FIELDS = ['id', 'text', 'timestamp'];
const MAX_MESSAGE = 2200;

/** A comment or reply, reached by its id; like its media, it does not exist for a token that cannot act for the account. */
export const COMMENT: NodeKind<{ media: SandboxMedia; comment: SandboxComment }> = {
  type: 'IGComment',
  hosts: ['instagram', 'facebook'],
  find: (core, id) => core.state.media.findComment(id),
  authorize({ core, token, host, id, node, ctx }) {
    if (!canActFor(core, token, host, node.media.igUserId)) throw err.unsupported(ctx.method, id);
  },
};

function commentNode(m: SandboxMedia, c: SandboxComment, withReplies: boolean): Record<string, unknown> {
  return {
    id: c.id,
    text: c.text,
    username: c.username,
    timestamp: graphTimestamp(c.timestamp),
    like_count: c.likeCount ?? 0,
    hidden: c.hidden ?? false,
    parent_id: c.parentId,
    from: { id: `ig-${c.username}`, username: c.username },
    media: { id: m.id },
    // Nested selections get every reply field (graph/fields.ts answers nested fields with its own defaults).
    replies: withReplies
      ? { data: m.comments.filter((r) => r.parentId === c.id).map((r) => commentNode(m, r, false)) }
      : undefined,
  };
}

function message(call: NodeCall<unknown>): string {
  const text = call.ctx.params.message;
  if (!text) throw err.param('The parameter message is required');
  if ([...text].length > MAX_MESSAGE) throw err.param(`Param message must be at most ${MAX_MESSAGE} characters`);
  return text;
}

function commentsOpen(m: SandboxMedia): void {
  if (m.productType === 'STORY') throw err.param('Stories cannot be commented on');
  if (m.commentsEnabled === false) throw err.param('Comments are disabled for this media');
}

function booleanParam(call: NodeCall<unknown>, name: string): boolean {
  const value = call.ctx.params[name];
  if (value === 'true' || value === 'false') return value === 'true';
  throw err.param(value === undefined ? `The parameter ${name} is required` : `Param ${name} must be a boolean`);
}

/**
 * Comments and their moderation (instagram-api.md; Meta's comment moderation guide): list a media's
 * top-level comments with replies (cursor paged, oldest first), comment, reply (a reply to a reply lands
 * on its top-level comment; hidden comments take no reply), hide or unhide, delete (a top-level comment
 * takes its replies), and `comment_enabled` on the media. Every call needs the comments scope.
 */
export const commentRoutes: RouteModule = (r) => {
  r.edge(MEDIA, 'comments', {
    GET: (call) => {
      requireScope(call, 'comments', 'read comments');
      const { ctx, node: m } = call;
      const all = m.comments.filter((c) => !c.parentId);
      const limit = Math.min(Math.max(Number(ctx.params.limit) || 25, 1), 50);
      const start = ctx.params.after ? Number(Buffer.from(ctx.params.after, 'base64url').toString()) || 0 : 0;
      const slice = all.slice(start, start + limit);
      const fields = parseFields(ctx.params.fields);
      const json: Record<string, unknown> = { data: slice.map((c) => pick(commentNode(m, c, true), fields, COMMENT_DEFAULT_FIELDS, 'IGComment')) };
      if (slice.length > 0) {
        const before = Buffer.from(String(start)).toString('base64url');
        const after = Buffer.from(String(start + slice.length)).toString('base64url');
        const paging: Record<string, unknown> = { cursors: { before, after } };
        if (start + slice.length < all.length) paging.next = `${call.core.baseUrl()}/${m.id}/comments?after=${after}&limit=${limit}`;
        json.paging = paging;
      }
      return ok(json);
    },
    POST: (call) => {
      requireScope(call, 'comments', 'comment on media');
      const { core, node: m } = call;
      const text = message(call);
      commentsOpen(m);
      const c = core.state.media.addComment(m, { text, username: m.username }, core.clock.now());
      return ok({ id: c.id });
    },
  });

  r.node(MEDIA, {
    POST: (call) => {
      requireScope(call, 'comments', 'enable or disable comments');
      const { node: m } = call;
      const enabled = booleanParam(call, 'comment_enabled');
      if (m.productType === 'STORY') throw err.param('Comments cannot be turned on or off on a story');
      m.commentsEnabled = enabled;
      return ok({ success: true });
    },
  });

  r.node(COMMENT, {
    GET: (call) => {
      requireScope(call, 'comments', 'read comments');
      const { media, comment } = call.node;
      return ok(pick(commentNode(media, comment, !comment.parentId), parseFields(call.ctx.params.fields), COMMENT_DEFAULT_FIELDS, 'IGComment'));
    },
    POST: (call) => {
      requireScope(call, 'comments', 'hide comments');
      call.node.comment.hidden = booleanParam(call, 'hide');
      return ok({ success: true });
    },
    DELETE: (call) => {
      requireScope(call, 'comments', 'delete comments');
      const { core, node } = call;
      core.state.media.deleteComment(node.media, node.comment.id);
      return ok({ success: true });
    },
  });

  r.edge(COMMENT, 'replies', {
    GET: (call) => {
      requireScope(call, 'comments', 'read replies');
      const { media, comment } = call.node;
      const top = comment.parentId ?? comment.id;
      const fields = parseFields(call.ctx.params.fields);
      return ok({ data: media.comments.filter((c) => c.parentId === top).map((c) => pick(commentNode(media, c, false), fields, COMMENT_DEFAULT_FIELDS, 'IGComment')) });
    },
    POST: (call) => {
      requireScope(call, 'comments', 'reply to comments');
      const { core, node } = call;
      const text = message(call);
      commentsOpen(node.media);
      if (node.comment.hidden) throw err.param('You cannot reply to a hidden comment');
      const c = core.state.media.addComment(node.media, { text, username: node.media.username, parentId: node.comment.id }, core.clock.now());
      return ok({ id: c.id });
    },
  });
};
