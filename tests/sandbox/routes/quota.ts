import { err } from '../errors';
import { IG_USER } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import { parseFields } from '../graph/fields';
import type { RouteModule } from '../graph/router';
import { ok } from '../http/answer';

/** GET /{ig-user-id}/content_publishing_limit: publishes in the rolling 24 h window against quota_total. */
export const quotaRoutes: RouteModule = (r) => {
  r.edge(IG_USER, 'content_publishing_limit', {
    GET: (call) => {
      requireScope(call, 'publish', 'read the publishing limit');
      const { ctx, core, node: account } = call;
      const used = core.state.quota.publishes.count(account.userId);
      const node = { quota_usage: used, config: { quota_total: core.options().quotaTotal, quota_duration: 86400 } };
      // An edge answers a list of one, and unlike a node it has no id to add.
      const out: Record<string, unknown> = {};
      for (const f of parseFields(ctx.params.fields) ?? ['quota_usage']) {
        if (!(f in node)) throw err.nonexistingField(f, 'ContentPublishingLimit');
        out[f] = node[f as keyof typeof node];
      }
      return ok({ data: [out] });
    },
  });
};
