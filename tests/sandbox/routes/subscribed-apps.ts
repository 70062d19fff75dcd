import { GraphError, err } from '../errors';
import { IG_USER, PAGE } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { RouteModule } from '../graph/router';
import { ok } from '../http/answer';

/** The Instagram fields an account can subscribe the app to, and the scope Instagram Login needs for each. */
const INSTAGRAM_FIELDS: Record<string, 'comments' | 'read'> = { comments: 'comments', live_comments: 'comments', mentions: 'comments', story_insights: 'read' };

const fieldsParam = (raw: string | undefined): string[] => {
  const fields = (raw ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) throw err.param('The parameter subscribed_fields is required');
  return fields;
};

/**
 * Webhook subscriptions of an app user's account, as Meta takes them:
 * - graph.instagram.com `/{ig-user-id}/subscribed_apps` (and /me) with the account's Instagram Login
 *   token: `subscribed_fields` required, each field needing its scope (comments and mentions:
 *   instagram_business_manage_comments);
 * - graph.facebook.com `/{page-id}/subscribed_apps` with that Page's token only (a user token gets
 *   code 210, as at Meta) and pages_manage_metadata; any Page field switches the Page's webhooks on.
 * GET lists the subscription, DELETE removes it; `sb.webhookSubscriptions()` shows them to tests.
 */
export const subscribedAppsRoutes: RouteModule = (r) => {
  r.edge(IG_USER, 'subscribed_apps', {
    POST: (call) => {
      if (call.host !== 'instagram') throw err.unsupported('post', `${call.id}/subscribed_apps`);
      const fields = fieldsParam(call.ctx.params.subscribed_fields);
      for (const field of fields) {
        const need = INSTAGRAM_FIELDS[field];
        if (!need) throw err.param(`(#100) Param subscribed_fields[${fields.indexOf(field)}] must be one of {${Object.keys(INSTAGRAM_FIELDS).join(', ')}} - got "${field}".`);
        requireScope(call, need, `subscribe to ${field}`);
      }
      call.core.state.webhookSubscriptions.set(`ig:${call.node.userId}`, fields);
      return ok({ success: true });
    },
    GET: (call) => {
      const fields = call.core.state.webhookSubscriptions.get(`ig:${call.node.userId}`);
      return ok({ data: fields ? [{ id: call.core.options().instagramApp.appId, subscribed_fields: fields }] : [] });
    },
    DELETE: (call) => {
      call.core.state.webhookSubscriptions.delete(`ig:${call.node.userId}`);
      return ok({ success: true });
    },
  });

  r.edge(PAGE, 'subscribed_apps', {
    POST: ({ core, token, node: page, ctx }) => {
      if (token.kind !== 'facebook-page' || token.pageId !== page.id) {
        throw new GraphError({ code: 210, message: '(#210) A page access token is required to request this resource.' });
      }
      if (!core.state.tokens.scopesOf(token).includes('pages_manage_metadata')) throw err.permission('pages_manage_metadata', 'subscribe the app to the Page');
      const fields = fieldsParam(ctx.params.subscribed_fields);
      core.state.webhookSubscriptions.set(`page:${page.id}`, fields);
      return ok({ success: true });
    },
    GET: ({ core, node: page }) => {
      const fields = core.state.webhookSubscriptions.get(`page:${page.id}`);
      return ok({ data: fields ? [{ id: core.options().facebookApp.appId, subscribed_fields: fields }] : [] });
    },
  });
};
