import { all, first, type RequestContext, type SandboxCore } from '../context';
import { GraphError, HtmlError, err } from '../errors';
import { facebookDialogPage } from '../html';
import type { SandboxResponse } from '../http-util';
import { mintCode } from '../ids';
import { FACEBOOK_SCOPES, LIFETIME, REQUIRED_SCOPE, type TokenRecord } from '../state';
import type { SandboxPage } from '../types';
import { parseScopeList, redirectWith, validRedirectUri } from './instagram-login';
import { parseFields, pick } from './profile';

/** GET /fb-www/v{N}/dialog/oauth */
export function facebookDialog(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  const q = ctx.query;
  const app = core.options().facebookApp;
  const clientId = first(q.client_id);
  if (!clientId || clientId !== app.appId) {
    throw new HtmlError(400, 'Invalid App ID', 'Invalid App ID: The provided app ID does not look like a valid app ID.');
  }
  const redirectUri = first(q.redirect_uri);
  if (!validRedirectUri(redirectUri)) throw new HtmlError(400, "URL blocked", "URL Blocked: This redirect failed because the redirect URI is missing or not an absolute http(s) URL.");
  const responseType = first(q.response_type) ?? 'code';
  if (responseType !== 'code') throw new HtmlError(400, 'Unsupported response_type', 'The sandbox only implements response_type=code');
  // Facebook Login for Business may send config_id instead of scope; its configuration grants the full set.
  const scopes = first(q.config_id) && !first(q.scope) ? [...FACEBOOK_SCOPES] : parseScopeList(first(q.scope));
  const unknown = scopes.filter((s) => !(FACEBOOK_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new HtmlError(400, 'Invalid Scopes', `Invalid Scopes: ${unknown.join(', ')}. This message is only shown to developers.`);
  if (!scopes.includes(REQUIRED_SCOPE.facebook)) scopes.unshift(REQUIRED_SCOPE.facebook);
  const state = first(q.state);
  const action = first(q.sandbox_action);

  if (!action) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return {
      status: 200,
      html: facebookDialogPage({
        action: `${ctx.apiBase}${ctx.version ? `/${ctx.version}` : ''}/dialog/oauth`,
        params,
        appId: app.appId,
        scopes,
        users: core.state.accounts.listFacebookUsers().map((user) => ({ user, pages: user.pageIds.map((id) => core.state.pages.get(id)!).filter(Boolean) })),
        igName: (id) => core.state.igAccounts.get(id)?.username,
      }),
    };
  }
  if (action === 'cancel') {
    return {
      status: 302,
      redirect: redirectWith(redirectUri, { error: 'access_denied', error_code: '200', error_reason: 'user_denied', error_description: 'Permissions error', state }, '_=_'),
    };
  }
  if (action !== 'approve') throw new HtmlError(400, 'Invalid Request', 'sandbox_action must be approve or cancel');
  const ref = first(q.sandbox_account);
  const user = ref ? (core.state.fbUsers.get(ref) ?? [...core.state.fbUsers.values()].find((u) => u.name === ref)) : core.state.fbUsers.get(core.state.fixtureFacebookUserId);
  if (!user) throw new HtmlError(400, 'Unknown account', `No sandbox Facebook user ${ref}`);
  const declined = all(q.sandbox_decline).filter((s) => scopes.includes(s) && s !== REQUIRED_SCOPE.facebook);
  const pagesParam = q.sandbox_pages === undefined ? undefined : all(q.sandbox_pages).filter((id) => user.pageIds.includes(id));
  const code = mintCode();
  core.state.codes.set(code, {
    code,
    kind: 'facebook',
    appId: app.appId,
    redirectUri,
    subjectId: user.id,
    scopes: scopes.filter((s) => !declined.includes(s)),
    declined,
    pageIds: pagesParam,
    issuedAt: core.clock.now(),
  });
  // Facebook appends "#_=_" when the redirect has no fragment; harmless server-side.
  return { status: 302, redirect: redirectWith(redirectUri, { code, state }, '_=_') };
}

function fbOauthError(message: string, code = 100, subcode?: number): GraphError {
  return new GraphError({ code, subcode, message, httpStatus: 400, isTransient: false });
}

/** GET|POST /fb-graph/v{N}/oauth/access_token: code exchange, fb_exchange_token, client_credentials. */
export function facebookOauthAccessToken(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  const p = ctx.params;
  const app = core.options().facebookApp;
  if (!p.client_id) throw fbOauthError('Missing client_id parameter.', 101);
  if (p.client_id !== app.appId) throw fbOauthError('Error validating application. Invalid application ID.', 101);
  if (!p.client_secret) throw fbOauthError('Missing client_secret parameter.');
  // Meta answers a wrong secret with code 1, which looks transient; the code stays unused, so a retry is harmless.
  if (p.client_secret !== app.appSecret) throw fbOauthError('Error validating client secret.', 1);

  if (p.grant_type === 'client_credentials') {
    return { status: 200, json: { access_token: `${app.appId}|${app.appSecret}`, token_type: 'bearer' } };
  }
  if (p.grant_type === 'fb_exchange_token') {
    if (!p.fb_exchange_token) throw fbOauthError('Missing fb_exchange_token parameter.');
    const rec = core.state.requireToken(p.fb_exchange_token, 'facebook');
    if (rec.kind === 'facebook-page') throw fbOauthError('Only user access tokens can be exchanged with fb_exchange_token.');
    const auth = core.state.auths.get(rec.authKey)!;
    const long = core.state.mint(auth, 'facebook-user-long', { fbUserId: rec.fbUserId });
    return { status: 200, json: { access_token: long.token, token_type: 'bearer', expires_in: LIFETIME.facebookLongSec } };
  }
  if (p.grant_type && p.grant_type !== 'authorization_code') throw fbOauthError(`Unsupported grant_type ${p.grant_type}.`);
  if (!p.redirect_uri) throw fbOauthError('Missing redirect_uri parameter.');
  if (!p.code) throw fbOauthError('Missing code parameter.');
  const rec = core.state.codes.get(p.code);
  if (!rec || rec.kind !== 'facebook' || rec.appId !== app.appId) throw fbOauthError('Invalid verification code format.');
  if (rec.usedAt !== undefined) throw fbOauthError('This authorization code has been used.', 100, 36009);
  if (core.clock.now() - rec.issuedAt >= LIFETIME.code) throw fbOauthError('This authorization code has expired.', 100, 36007);
  if (rec.redirectUri !== p.redirect_uri) {
    throw fbOauthError('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 100, 36008);
  }
  rec.usedAt = core.clock.now();
  const auth = core.state.grant({ kind: 'facebook', appId: rec.appId, subjectId: rec.subjectId, scopes: rec.scopes, declined: rec.declined, pageIds: rec.pageIds });
  const token = core.state.mint(auth, 'facebook-user-short', { fbUserId: rec.subjectId });
  return { status: 200, json: { access_token: token.token, token_type: 'bearer', expires_in: LIFETIME.facebookShortSec } };
}

/** GET /me on graph.facebook.com: the user, or the Page for a Page token. */
export function facebookMe(ctx: RequestContext, core: SandboxCore, rec: TokenRecord): SandboxResponse {
  if (rec.kind === 'facebook-page') {
    const page = core.state.pages.get(rec.pageId!)!;
    return { status: 200, json: pageNode(core, ctx, page, rec) };
  }
  const user = core.state.fbUsers.get(rec.fbUserId!)!;
  return { status: 200, json: pick({ id: user.id, name: user.name, email: undefined }, parseFields(ctx.params.fields), ['name', 'id'], 'User') };
}

export function facebookPermissions(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, permission?: string): SandboxResponse {
  if (rec.kind === 'facebook-page') throw err.param('(#100) Permissions are read with a user access token');
  const auth = core.state.auths.get(rec.authKey)!;
  if (ctx.method === 'DELETE') {
    if (permission) {
      if (permission === REQUIRED_SCOPE.facebook) throw err.param('(#100) public_profile cannot be revoked alone; revoke all permissions instead');
      auth.scopes = auth.scopes.filter((s) => s !== permission);
      if (!auth.declined.includes(permission)) auth.declined.push(permission);
      return { status: 200, json: { success: true } };
    }
    // Removing the app kills every token of this user for this app, Page tokens included.
    core.state.revokeSubject('facebook', auth.appId, auth.subjectId);
    return { status: 200, json: { success: true } };
  }
  if (ctx.method !== 'GET') throw err.unsupported(ctx.method, 'permissions');
  const data = [...auth.scopes.map((s) => ({ permission: s, status: 'granted' })), ...auth.declined.map((s) => ({ permission: s, status: 'declined' }))].filter(
    (d) => !permission || d.permission === permission,
  );
  return { status: 200, json: { data } };
}

function pageNode(core: SandboxCore, ctx: RequestContext, page: SandboxPage, rec: TokenRecord): Record<string, unknown> {
  const scopes = core.state.scopesOf(rec);
  const node: Record<string, unknown> = {
    id: page.id,
    name: page.name,
    category: page.category,
    tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
    // Without instagram_basic the linked account is simply not visible, as at Meta.
    instagram_business_account: page.igUserId && scopes.includes('instagram_basic') ? { id: page.igUserId } : undefined,
    access_token: rec.kind === 'facebook-page' ? rec.token : rec.kind.startsWith('facebook-user') ? core.state.pageToken(rec, page).token : undefined,
    location: page.isLocation ? { city: 'Sandbox City', country: 'Sandboxia' } : undefined,
  };
  return pick(node, parseFields(ctx.params.fields), ['name', 'id'], 'Page');
}

export function facebookPage(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, page: SandboxPage): SandboxResponse {
  if (ctx.method !== 'GET') throw err.unsupported(ctx.method, page.id);
  const visible = core.state.pagesOf(rec).some((p) => p.id === page.id);
  // Location pages are public: anyone may read their name and id.
  if (!visible) {
    if (page.isLocation) return { status: 200, json: pick({ id: page.id, name: page.name, location: { city: 'Sandbox City', country: 'Sandboxia' } }, parseFields(ctx.params.fields), ['name', 'id'], 'Page') };
    throw err.unsupported('get', page.id);
  }
  return { status: 200, json: pageNode(core, ctx, page, rec) };
}

/** GET /me/accounts — paginated; `limit` is capped to accountsPageSize so clients must follow paging.next. */
export function facebookAccounts(ctx: RequestContext, core: SandboxCore, rec: TokenRecord): SandboxResponse {
  if (ctx.method !== 'GET') throw err.unsupported(ctx.method, 'accounts');
  if (rec.kind === 'facebook-page') throw err.param('(#100) /me/accounts needs a user access token');
  if (!core.state.scopesOf(rec).includes('pages_show_list')) {
    throw new GraphError({ code: 200, message: '(#200) Requires pages_show_list permission to list the Pages of the user', userTitle: 'Missing permission' });
  }
  const pages = core.state.pagesOf(rec);
  const size = Math.max(1, Math.min(Number(ctx.params.limit) || core.options().accountsPageSize, core.options().accountsPageSize));
  const after = ctx.params.after ? decodeCursor(ctx.params.after) : 0;
  const before = ctx.params.before ? decodeCursor(ctx.params.before) : undefined;
  const start = before !== undefined ? Math.max(0, before - size) : after;
  const slice = pages.slice(start, start + size);
  const data = slice.map((p) => pageNode(core, ctx, p, rec));
  const json: Record<string, unknown> = { data };
  if (slice.length) {
    const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(start + slice.length) } };
    if (start + slice.length < pages.length) paging.next = pageUrl(ctx, { after: encodeCursor(start + slice.length), before: undefined });
    if (start > 0) paging.previous = pageUrl(ctx, { before: encodeCursor(start), after: undefined });
    json.paging = paging;
  }
  return { status: 200, json };
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

/** GET /debug_token — app token `id|secret` (or a user token of the app) inspects any token. */
export function facebookDebugToken(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  const input = ctx.params.input_token;
  if (!input) throw err.param('(#100) The parameter input_token is required');
  const rec = core.state.tokens.get(input);
  if (!rec || !rec.kind.startsWith('facebook')) {
    throw new GraphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token', httpStatus: 400 });
  }
  const auth = core.state.auths.get(rec.authKey);
  const problem = core.state.tokenProblem(rec);
  const app = core.options().facebookApp;
  const scopes = problem ? [] : (auth?.scopes ?? []);
  const pages = core.state.pagesOf(rec);
  const data: Record<string, unknown> = {
    app_id: rec.appId,
    type: rec.kind === 'facebook-page' ? 'PAGE' : 'USER',
    application: `Sandbox app ${app.appId}`,
    data_access_expires_at: auth ? Math.floor(auth.dataAccessExpiresAt / 1000) : 0,
    expires_at: rec.expiresAt ? Math.floor(rec.expiresAt / 1000) : 0,
    is_valid: !problem,
    issued_at: Math.floor(rec.issuedAt / 1000),
    scopes,
    granular_scopes: problem
      ? []
      : scopes.map((scope) => {
          const targets = scope.startsWith('instagram_') ? pages.map((p) => p.igUserId).filter(Boolean) : scope.startsWith('pages_') ? pages.map((p) => p.id) : undefined;
          return targets ? { scope, target_ids: targets } : { scope };
        }),
    user_id: rec.fbUserId,
  };
  if (rec.kind === 'facebook-page') data.profile_id = rec.pageId;
  if (problem) data.error = { code: problem.code, message: problem.message, ...(problem.subcode !== undefined ? { subcode: problem.subcode } : {}) };
  return { status: 200, json: { data } };
}
