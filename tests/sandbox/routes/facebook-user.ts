import type { RequestContext } from '../context';
import { GraphError, err } from '../errors';
import { fieldsOf } from '../graph/fields';
import { FACEBOOK_USER } from '../graph/nodes';
import type { NodeCall, RouteModule } from '../graph/router';
import { ok, type SandboxResponse } from '../http/answer';
import { REQUIRED_SCOPE } from '../state';
import type { SandboxFacebookUser } from '../types';
import { pageNode } from './facebook-pages';

/** The Facebook user of a user token: /me, /me/permissions[/{permission}], /me/accounts. */
export const facebookUserRoutes: RouteModule = (r) => {
  r.node(FACEBOOK_USER, { GET: ({ ctx, node: user }) => ok(fieldsOf({ id: user.id, name: user.name, email: undefined }, ctx.params, ['name', 'id'], 'User')) });
  r.edge(FACEBOOK_USER, 'permissions', { ANY: permissions }, { sub: true });
  r.edge(FACEBOOK_USER, 'accounts', { ANY: accounts });
};

/** GET lists granted and declined scopes; DELETE of one scope declines it, DELETE of all removes the app. */
function permissions({ ctx, core, token, sub: permission }: NodeCall<SandboxFacebookUser>): SandboxResponse {
  const auth = core.state.tokens.authOf(token)!;
  if (ctx.method === 'DELETE') {
    if (permission) {
      if (permission === REQUIRED_SCOPE.facebook) throw err.param('(#100) public_profile cannot be revoked alone; revoke all permissions instead');
      auth.scopes = auth.scopes.filter((s) => s !== permission);
      if (!auth.declined.includes(permission)) auth.declined.push(permission);
      return ok({ success: true });
    }
    // Removing the app kills every token of this user for this app, Page tokens included.
    core.state.tokens.revoke('facebook', auth.appId, auth.subjectId);
    return ok({ success: true });
  }
  if (ctx.method !== 'GET') throw err.unsupported(ctx.method, 'permissions');
  const data = [...auth.scopes.map((s) => ({ permission: s, status: 'granted' })), ...auth.declined.map((s) => ({ permission: s, status: 'declined' }))].filter(
    (d) => !permission || d.permission === permission,
  );
  return ok({ data });
}

/** GET /me/accounts — paginated; `limit` is capped to accountsPageSize so clients must follow paging.next. */
function accounts({ ctx, core, token }: NodeCall<SandboxFacebookUser>): SandboxResponse {
  if (ctx.method !== 'GET') throw err.unsupported(ctx.method, 'accounts');
  if (!core.state.tokens.scopesOf(token).includes('pages_show_list')) {
    throw new GraphError({ code: 200, message: '(#200) Requires pages_show_list permission to list the Pages of the user', userTitle: 'Missing permission' });
  }
  const pages = core.state.tokens.pagesOf(token);
  const pageSize = core.options().accountsPageSize;
  const size = Math.max(1, Math.min(Number(ctx.params.limit) || pageSize, pageSize));
  const after = ctx.params.after ? decodeCursor(ctx.params.after) : 0;
  const before = ctx.params.before ? decodeCursor(ctx.params.before) : undefined;
  const start = before !== undefined ? Math.max(0, before - size) : after;
  const slice = pages.slice(start, start + size);
  const data = slice.map((p) => pageNode(core, ctx.params, p, token));
  const json: Record<string, unknown> = { data };
  if (slice.length) {
    const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(start + slice.length) } };
    if (start + slice.length < pages.length) paging.next = pageUrl(ctx, { after: encodeCursor(start + slice.length), before: undefined });
    if (start > 0) paging.previous = pageUrl(ctx, { before: encodeCursor(start), after: undefined });
    json.paging = paging;
  }
  return ok(json);
}

function encodeCursor(n: number): string {
  return Buffer.from(`sbx:${n}`).toString('base64url');
}

function decodeCursor(c: string): number {
  const m = /^sbx:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  if (!m) throw err.param('(#100) Invalid cursor');
  return Number(m[1]);
}

/**
 * Like Meta, paging URLs repeat the original query (an access_token sent in the query comes back in it);
 * a token sent in the Authorization header does not, so the client must send it again.
 */
function pageUrl(ctx: RequestContext, set: Record<string, string | undefined>): string {
  const u = new URL(`${ctx.apiBase}${ctx.version ? `/${ctx.version}` : ''}${ctx.path}`);
  for (const [k, v] of Object.entries(ctx.query)) u.searchParams.set(k, Array.isArray(v) ? v[v.length - 1] : v);
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) u.searchParams.delete(k);
    else u.searchParams.set(k, v);
  }
  return u.toString();
}
