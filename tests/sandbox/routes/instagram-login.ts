import { HOUR } from '../clock';
import { first, type RequestContext, type SandboxCore } from '../context';
import { GraphError, HtmlError, OldShapeError, err } from '../errors';
import type { RouteModule } from '../graph/router';
import { instagramAuthorizePage } from '../html';
import { ok, type SandboxResponse } from '../http/answer';
import { INSTAGRAM_SCOPES, LIFETIME, REQUIRED_SCOPE, type CodeRefusal } from '../state';
import { consent, parseScopeList, tokenAnswer, validRedirectUri } from './oauth';
import { avatarUrl } from './profile';

/** Meta refuses to refresh a token younger than this. */
export const REFRESH_MIN_AGE = 24 * HOUR;

/** Instagram Login: the consent page, the code exchange, the long-lived exchange and the refresh. */
export const instagramLoginRoutes: RouteModule = (r) => {
  r.path('instagramAuthorize', '/oauth/authorize', { GET: instagramAuthorize });
  r.path('instagramApi', '/oauth/access_token', { ANY: instagramCodeExchange });
  r.path('instagramGraph', '/access_token', { ANY: instagramLongLived });
  r.path('instagramGraph', '/refresh_access_token', { ANY: instagramRefresh });
};

/** GET /ig-www/oauth/authorize — Meta's consent page, or an immediate redirect with sandbox_action. */
function instagramAuthorize(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  const q = ctx.query;
  const app = core.options().instagramApp;
  const clientId = first(q.client_id);
  if (!clientId) throw new HtmlError(400, 'Invalid Request', 'Invalid Request: Request parameters are invalid: Missing required parameter client_id');
  if (clientId !== app.appId) throw new HtmlError(400, 'Invalid Request', 'Invalid platform app');
  const redirectUri = first(q.redirect_uri);
  if (!validRedirectUri(redirectUri)) throw new HtmlError(400, 'Invalid Request', 'Invalid redirect_uri: an absolute http(s) URL is required');
  if (first(q.response_type) !== 'code') throw new HtmlError(400, 'Invalid Request', 'Invalid Request: response_type must be code');
  const scopes = parseScopeList(first(q.scope));
  const unknown = scopes.filter((s) => !(INSTAGRAM_SCOPES as readonly string[]).includes(s));
  // The old business_* names stopped working on 2025-01-27: Meta shows this page for them.
  if (unknown.length) throw new HtmlError(400, 'Invalid Scopes', `Invalid Scopes: ${unknown.join(', ')}`);
  if (!scopes.includes(REQUIRED_SCOPE.instagram)) throw new HtmlError(400, 'Invalid Scopes', `Invalid Scopes: ${REQUIRED_SCOPE.instagram} is required`);

  return consent(ctx, core, {
    scopes,
    redirectUri,
    required: REQUIRED_SCOPE.instagram,
    // Meta appends "#_" to the Instagram redirect; clients must strip it from a copied code.
    hash: { approve: '_', cancel: '' },
    page: (params) => {
      const accounts = core.state.directory.listInstagramAccounts({ instagramLogin: true });
      const avatar = (a: (typeof accounts)[number]) => avatarUrl(core, a);
      return instagramAuthorizePage({ action: `${ctx.apiBase}/oauth/authorize`, params, appId: app.appId, scopes, accounts, totalAccounts: accounts.length, avatar });
    },
    approve: () => {
      const ref = first(q.sandbox_account);
      const account = ref ? core.state.directory.findInstagramAccount(ref) : core.state.directory.firstLoginAccount();
      if (!account) throw new HtmlError(400, 'Unknown account', `No sandbox Instagram account ${ref}`);
      return { kind: 'instagram', appId: app.appId, subjectId: account.userId };
    },
  });
}

const CODE_REFUSED: Record<CodeRefusal, string> = {
  invalid: 'Invalid authorization code',
  used: 'This authorization code has been used',
  expired: 'This authorization code has expired',
  'redirect-mismatch': 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
};

/** POST /ig-api/oauth/access_token — answers the old error shape, and one of several success shapes. */
function instagramCodeExchange(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  if (ctx.method !== 'POST') throw new OldShapeError('Invalid request method: POST is required');
  const p = ctx.params;
  const opts = core.options();
  for (const field of ['client_id', 'client_secret', 'grant_type', 'redirect_uri', 'code']) {
    if (!p[field]) throw new OldShapeError(`Missing required field ${field}`);
  }
  if (p.client_id !== opts.instagramApp.appId) throw new OldShapeError('Invalid platform app');
  if (p.client_secret !== opts.instagramApp.appSecret) throw new OldShapeError('Error validating client secret.');
  if (p.grant_type !== 'authorization_code') throw new OldShapeError('Unsupported grant_type; use authorization_code');
  const rec = core.state.codes.redeem(p.code, 'instagram', p.client_id, p.redirect_uri);
  if (typeof rec === 'string') throw new OldShapeError(CODE_REFUSED[rec]);
  const account = core.state.directory.igAccounts.get(rec.subjectId);
  if (!account) throw new OldShapeError(CODE_REFUSED.invalid);
  const auth = core.state.tokens.grant({ kind: 'instagram', appId: rec.appId, subjectId: account.userId, scopes: rec.scopes, declined: rec.declined });
  const token = core.state.tokens.mint(auth, 'instagram-short', { igUserId: account.userId });

  const n = core.state.counters;
  const shape = opts.instagramTokenShape === 'alternate' ? (n.shape++ % 2 === 0 ? 'data' : 'flat') : opts.instagramTokenShape;
  const permFormat = opts.permissionsFormat === 'alternate' ? (n.permissions++ % 2 === 0 ? 'string' : 'array') : opts.permissionsFormat;
  const entry = {
    access_token: token.token,
    user_id: opts.tokenUserId === 'professional' ? account.userId : account.appScopedId,
    permissions: permFormat === 'array' ? [...rec.scopes] : rec.scopes.join(','),
  };
  return ok(shape === 'data' ? { data: [entry] } : entry);
}

function requireGet(ctx: RequestContext): void {
  if (ctx.method !== 'GET') throw new GraphError({ code: 100, message: `Unsupported ${ctx.method.toLowerCase()} request. This endpoint only answers GET.` });
}

/** GET /ig-graph/access_token?grant_type=ig_exchange_token — short-lived → 60-day token. */
function instagramLongLived(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  requireGet(ctx);
  const p = ctx.params;
  if (p.grant_type !== 'ig_exchange_token') throw err.param(`Invalid grant_type '${p.grant_type ?? ''}': expected ig_exchange_token`);
  if (!p.client_secret) throw err.param('Missing client_secret');
  const rec = core.state.tokens.require(ctx.token, 'instagram');
  if (p.client_secret !== core.options().instagramApp.appSecret) {
    throw new GraphError({ code: 1, httpStatus: 400, isTransient: false, message: 'Error validating client secret.' });
  }
  if (rec.kind !== 'instagram-short') throw err.param('Only a short-lived Instagram User token can be exchanged for a long-lived one');
  const long = core.state.tokens.mint(core.state.tokens.authOf(rec)!, 'instagram-long', { igUserId: rec.igUserId });
  return tokenAnswer(long.token, LIFETIME.instagramLongSec);
}

/**
 * GET /ig-graph/refresh_access_token. A token under 24 h old is refused with code 10, not 190:
 * the token still works, so a client must not mark the connection "reconnect needed" for it.
 * The old token keeps working until its own expiry, as at Meta.
 */
function instagramRefresh(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  requireGet(ctx);
  const p = ctx.params;
  if (p.grant_type !== 'ig_refresh_token') throw err.param(`Invalid grant_type '${p.grant_type ?? ''}': expected ig_refresh_token`);
  const rec = core.state.tokens.require(ctx.token, 'instagram');
  const age = core.clock.now() - rec.issuedAt;
  if (rec.kind !== 'instagram-long' || age < REFRESH_MIN_AGE) {
    throw new GraphError({
      code: 10,
      httpStatus: 400,
      message: '(#10) The access token cannot be refreshed yet: only long-lived tokens at least 24 hours old can be refreshed.',
      userTitle: 'Token too new to refresh',
      userMsg: 'Refresh the token once it is at least 24 hours old.',
    });
  }
  const fresh = core.state.tokens.mint(core.state.tokens.authOf(rec)!, 'instagram-long', { igUserId: rec.igUserId });
  return tokenAnswer(fresh.token, LIFETIME.instagramLongSec);
}
