import { fieldsOf, graphTimestamp, parseFields, pick } from '../graph/fields';
import { IG_USER, MEDIA } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { NodeCall, RouteModule } from '../graph/router';
import { ok, type SandboxResponse } from '../http/answer';
import { commentCountOf, expandedMetrics, likeCountOf, mediaInsights } from './insights';
import type { SandboxInstagramAccount, SandboxMedia } from '../types';

const MEDIA_DEFAULT_FIELDS = ['id'];

/** Reading published media: GET /{media-id}, /{media-id}/children, and an account's /media and /stories. */
export const mediaRoutes: RouteModule = (r) => {
  r.node(MEDIA, {
    GET: (call) => {
      requireScope(call, 'read', 'read media');
      const node = mediaNode(call.node);
      // Field expansion `insights.metric(...)` answers the insights edge inside the node, in one call.
      const metrics = expandedMetrics(call.ctx.params.fields);
      if (metrics) {
        requireScope(call, 'insights', 'read media insights');
        node.insights = mediaInsights(call.node, metrics);
      }
      return ok(fieldsOf(node, call.ctx.params, MEDIA_DEFAULT_FIELDS, 'IGMedia'));
    },
  });
  r.edge(MEDIA, 'children', { GET: ({ node }) => ok({ data: (node.children ?? []).map((id) => ({ id })) }) });
  r.edge(IG_USER, 'media', {
    GET: (call) => {
      requireScope(call, 'read', 'list media');
      return listMedia(call, 'feed');
    },
  });
  r.edge(IG_USER, 'stories', {
    GET: (call) => {
      requireScope(call, 'read', 'list stories');
      return listMedia(call, 'stories');
    },
  });
};

function mediaNode(m: SandboxMedia): Record<string, unknown> {
  return {
    id: m.id,
    permalink: m.permalink,
    shortcode: m.shortcode,
    timestamp: graphTimestamp(m.timestamp),
    media_type: m.mediaType,
    media_product_type: m.productType,
    caption: m.caption,
    media_url: m.mediaUrl,
    thumbnail_url: m.mediaType === 'VIDEO' ? m.thumbnailUrl : undefined,
    username: m.username,
    owner: { id: m.igUserId },
    is_comment_enabled: m.productType !== 'STORY' && m.commentsEnabled !== false,
    comments_count: commentCountOf(m),
    like_count: likeCountOf(m),
    children: m.children ? { data: m.children.map((id) => ({ id })) } : undefined,
  };
}

/** `/media` lists feed posts and reels, `/stories` the stories: newest first, as Meta does. */
function listMedia({ ctx, core, node: account }: NodeCall<SandboxInstagramAccount>, edge: 'feed' | 'stories'): SandboxResponse {
  const all = core.state.media
    .ofUser(account.userId)
    .filter((m) => (m.productType === 'STORY') === (edge === 'stories'))
    .reverse();
  const limit = Math.min(Math.max(Number(ctx.params.limit) || 25, 1), 100);
  const start = ctx.params.after ? Number(Buffer.from(ctx.params.after, 'base64url').toString()) || 0 : 0;
  const slice = all.slice(start, start + limit);
  const fields = parseFields(ctx.params.fields);
  const json: Record<string, unknown> = { data: slice.map((m) => pick(mediaNode(m), fields, MEDIA_DEFAULT_FIELDS, 'IGMedia')) };
  if (start + slice.length < all.length) {
    const after = Buffer.from(String(start + slice.length)).toString('base64url');
    json.paging = { cursors: { after } };
  }
  return ok(json);
}
