import type { Core } from '@strapi/strapi';
import type { DeleteComment, HideComment, ListComments, ReplyToComment, SetCommentsEnabled } from '../contracts';
import type { CommentTarget } from '../services/comments';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import { commentParams, enabledBody, hideBody, listQuery, publicationParams, replyBody } from './comment-requests';
import type { RequestContext } from './context';

/**
 * Comment moderation routes for both sides: `targetOf` says whose publication the request reaches
 * (an editor's, checked against the Content Manager; or the end user's own).
 */
export const commentHandlers = (strapi: Core.Strapi, targetOf: (ctx: RequestContext, publicationId: string) => Promise<CommentTarget>) => {
  const comments = () => getService(strapi, 'comments');
  return {
    /** GET .../publications/:id/comments */
    async find(ctx: RequestContext) {
      const { id } = parseInput(publicationParams, ctx.params, 'path');
      const query = parseInput(listQuery, ctx.query, 'query');
      const target = await targetOf(ctx, id);
      const page = await comments().list(target, { after: query.after, limit: query.limit ?? 25 });
      ctx.body = { data: page.comments, meta: { after: page.after, mediaId: target.mediaId } } satisfies ListComments.Response;
    },
    /** POST .../publications/:id/comments/:commentId/replies */
    async reply(ctx: RequestContext) {
      const { id, commentId } = parseInput(commentParams, ctx.params, 'path');
      const { message } = parseInput(replyBody, ctx.request.body, 'body');
      const target = await targetOf(ctx, id);
      ctx.status = 201;
      ctx.body = { data: await comments().reply(target, commentId, message) } satisfies ReplyToComment.Response;
    },
    /** POST .../publications/:id/comments/:commentId/hide */
    async hide(ctx: RequestContext) {
      const { id, commentId } = parseInput(commentParams, ctx.params, 'path');
      const { hidden } = parseInput(hideBody, ctx.request.body, 'body');
      const target = await targetOf(ctx, id);
      ctx.body = { data: await comments().setHidden(target, commentId, hidden) } satisfies HideComment.Response;
    },
    /** DELETE .../publications/:id/comments/:commentId */
    async delete(ctx: RequestContext) {
      const { id, commentId } = parseInput(commentParams, ctx.params, 'path');
      const target = await targetOf(ctx, id);
      ctx.body = { data: await comments().remove(target, commentId) } satisfies DeleteComment.Response;
    },
    /** POST .../publications/:id/comments-enabled */
    async setEnabled(ctx: RequestContext) {
      const { id } = parseInput(publicationParams, ctx.params, 'path');
      const { enabled } = parseInput(enabledBody, ctx.request.body, 'body');
      const target = await targetOf(ctx, id);
      ctx.body = { data: await comments().setEnabled(target, enabled) } satisfies SetCommentsEnabled.Response;
    },
  };
};

/** The admin's routes: admin-side posts of entries the admin may read. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  commentHandlers(strapi, (ctx, id) => getService(strapi, 'comments').adminTarget(id, ctx.state?.userAbility));
