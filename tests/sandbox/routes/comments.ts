import { err } from '../errors';
import { graphTimestamp } from '../graph/fields';
import { MEDIA } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { RouteModule } from '../graph/router';
import { ok } from '../http/answer';

/** GET and POST /{media-id}/comments (the first comment the publisher may add after a post). */
export const commentRoutes: RouteModule = (r) => {
  r.edge(MEDIA, 'comments', {
    GET: (call) => {
      requireScope(call, 'comments', 'comment on media');
      const data = call.node.comments.map((c) => ({ id: c.id, text: c.text, timestamp: graphTimestamp(c.timestamp), username: c.username }));
      return ok({ data });
    },
    POST: (call) => {
      requireScope(call, 'comments', 'comment on media');
      const { ctx, core, node: m } = call;
      const message = ctx.params.message;
      if (!message) throw err.param('The parameter message is required');
      if ([...message].length > 2200) throw err.param('Param message must be at most 2200 characters');
      if (m.productType === 'STORY') throw err.param('Stories cannot be commented on');
      const id = core.state.media.nextCommentId();
      m.comments.push({ id, text: message, timestamp: core.clock.now(), username: m.username });
      return ok({ id });
    },
  });
};
