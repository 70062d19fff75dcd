import { all, first, type RequestContext, type SandboxCore } from '../context';
import { GraphError, HtmlError, err } from '../errors';
import { authFacebook, requireAppToken } from '../graph/auth';
import type { RouteModule } from '../graph/router';
import { facebookDialogPage } from '../html';
import { ok, type SandboxResponse } from '../http/answer';
import { FACEBOOK_SCOPES, LIFETIME, REQUIRED_SCOPE, type CodeRefusal } from '../state';
import { consent, parseScopeList, tokenAnswer, validRedirectUri } from './oauth';

/** Facebook Login: the dialog, /oauth/access_token (code, fb_exchange_token, client_credentials) and /debug_token. */
export const facebookLoginRoutes: RouteModule = (r) => {
  r.path('facebookDialog', '/dialog/oauth', { GET: facebookDialog });
  r.path('facebookGraph', '/oauth/access_token', { ANY: facebookOauthAccessToken });
  r.path('facebookGraph', '/debug_token', { ANY: facebookDebugToken });
};

/** GET /fb-www/v{N}/dialog/oauth */
function facebookDialog(ctx: RequestContext, core: SandboxCore): SandboxResponse {
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
  const directory = core.state.directory;

  return consent(ctx, core, {
    scopes,
    redirectUri,
    required: REQUIRED_SCOPE.facebook,
    // Facebook appends "#_=_" when the redirect has no fragment; harmless server-side.
    hash: { approve: '_=_', cancel: '_=_' },
    cancelParams: { error_code: '200' },
    page: (params) =>
      facebookDialogPage({
        action: `${ctx.apiBase}${ctx.version ? `/${ctx.version}` : ''}/dialog/oauth`,
        params,
        appId: app.appId,
        scopes,
        users: [...directory.fbUsers.values()].map((user) => ({ user, pages: directory.pagesOfUser(user) })),
        igName: (id) => directory.igAccounts.get(id)?.username,
      }),
    approve: () => {
      const ref = first(q.sandbox_account);
      const user = directory.findFacebookUser(ref);
      if (!user) throw new HtmlError(400, 'Unknown account', `No sandbox Facebook user ${ref}`);
      const pageIds = q.sandbox_pages === undefined ? undefined : all(q.sandbox_pages).filter((id) => user.pageIds.includes(id));
      return { kind: 'facebook', appId: app.appId, subjectId: user.id, pageIds };
    },
  });
}

function fbOauthError(message: string, code = 100, subcode?: number): GraphError {
  return new GraphError({ code, subcode, message, httpStatus: 400, isTransient: false });
}

const CODE_REFUSED: Record<CodeRefusal, () => GraphError> = {
  invalid: () => fbOauthError('Invalid verification code format.'),
  used: () => fbOauthError('This authorization code has been used.', 100, 36009),
  expired: () => fbOauthError('This authorization code has expired.', 100, 36007),
  'redirect-mismatch': () =>
    fbOauthError('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 100, 36008),
};

/** GET|POST /fb-graph/v{N}/oauth/access_token: code exchange, fb_exchange_token, client_credentials. */
function facebookOauthAccessToken(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  const p = ctx.params;
  const app = core.options().facebookApp;
  if (!p.client_id) throw fbOauthError('Missing client_id parameter.', 101);
  if (p.client_id !== app.appId) throw fbOauthError('Error validating application. Invalid application ID.', 101);
  if (!p.client_secret) throw fbOauthError('Missing client_secret parameter.');
  // Meta answers a wrong secret with code 1, which looks transient; the code stays unused, so a retry is harmless.
  if (p.client_secret !== app.appSecret) throw fbOauthError('Error validating client secret.', 1);
  const tokens = core.state.tokens;

  if (p.grant_type === 'client_credentials') return tokenAnswer(`${app.appId}|${app.appSecret}`);
  if (p.grant_type === 'fb_exchange_token') {
    if (!p.fb_exchange_token) throw fbOauthError('Missing fb_exchange_token parameter.');
    const rec = tokens.require(p.fb_exchange_token, 'facebook');
    if (rec.kind === 'facebook-page') throw fbOauthError('Only user access tokens can be exchanged with fb_exchange_token.');
    const long = tokens.mint(tokens.authOf(rec)!, 'facebook-user-long', { fbUserId: rec.fbUserId });
    return tokenAnswer(long.token, LIFETIME.facebookLongSec);
  }
  if (p.grant_type && p.grant_type !== 'authorization_code') throw fbOauthError(`Unsupported grant_type ${p.grant_type}.`);
  if (!p.redirect_uri) throw fbOauthError('Missing redirect_uri parameter.');
  if (!p.code) throw fbOauthError('Missing code parameter.');
  const rec = core.state.codes.redeem(p.code, 'facebook', app.appId, p.redirect_uri);
  if (typeof rec === 'string') throw CODE_REFUSED[rec]();
  const auth = tokens.grant({ kind: 'facebook', appId: rec.appId, subjectId: rec.subjectId, scopes: rec.scopes, declined: rec.declined, pageIds: rec.pageIds });
  const token = tokens.mint(auth, 'facebook-user-short', { fbUserId: rec.subjectId });
  return tokenAnswer(token.token, LIFETIME.facebookShortSec);
}

/** GET /debug_token — app token `id|secret` (or a user token of the app) inspects any token. */
function facebookDebugToken(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  if (!ctx.token) throw err.param('(#100) You must provide an app access token, or a user access token that is an owner or developer of the app');
  if (ctx.token.includes('|')) requireAppToken(ctx.token, core);
  else authFacebook(ctx, core);
  const input = ctx.params.input_token;
  if (!input) throw err.param('(#100) The parameter input_token is required');
  const tokens = core.state.tokens;
  const rec = tokens.get(input);
  if (!rec || !rec.kind.startsWith('facebook')) {
    throw new GraphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token', httpStatus: 400 });
  }
  const auth = tokens.authOf(rec);
  const problem = tokens.problem(rec);
  const app = core.options().facebookApp;
  const scopes = problem ? [] : (auth?.scopes ?? []);
  const pages = tokens.pagesOf(rec);
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
  return ok({ data });
}
