import { HOUR } from '../clock';
import { all, first, type RequestContext, type SandboxCore } from '../context';
import { GraphError, HtmlError, OldShapeError, err } from '../errors';
import { instagramAuthorizePage } from '../html';
import type { SandboxResponse } from '../http-util';
import { mintCode } from '../ids';
import { INSTAGRAM_SCOPES, LIFETIME, REQUIRED_SCOPE } from '../state';
import { avatarUrl } from './profile';

/** Meta refuses to refresh a token younger than this. */
export const REFRESH_MIN_AGE = 24 * HOUR;

export function parseScopeList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function redirectWith(redirectUri: string, params: Record<string, string | undefined>, hash: string): string {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  u.hash = hash;
  return u.toString();
}

export function validRedirectUri(raw: string | undefined): raw is string {
  if (!raw) return false;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** GET /ig-www/oauth/authorize — Meta's consent page, or an immediate redirect with sandbox_action. */
export function instagramAuthorize(ctx: RequestContext, core: SandboxCore): SandboxResponse {
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
  const state = first(q.state);
  const action = first(q.sandbox_action);

  if (!action) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    const accounts = core.state.accounts.listInstagramAccounts({ instagramLogin: true });
    return {
      status: 200,
      html: instagramAuthorizePage({
        action: `${ctx.apiBase}/oauth/authorize`,
        params,
        appId: app.appId,
        scopes,
        accounts,
        totalAccounts: accounts.length,
        avatar: (a) => avatarUrl(core, a),
      }),
    };
  }
  if (action === 'cancel') {
    return {
      status: 302,
      redirect: redirectWith(redirectUri, { error: 'access_denied', error_reason: 'user_denied', error_description: 'Permissions error', state }, ''),
    };
  }
  if (action !== 'approve') throw new HtmlError(400, 'Invalid Request', 'sandbox_action must be approve or cancel');
  const ref = first(q.sandbox_account);
  const account = ref ? core.state.findInstagramAccount(ref) : firstLoginAccount(core);
  if (!account) throw new HtmlError(400, 'Unknown account', `No sandbox Instagram account ${ref}`);
  // instagram_business_basic cannot be unticked on Meta's page, so a decline of it is ignored.
  const declined = all(q.sandbox_decline).filter((s) => scopes.includes(s) && s !== REQUIRED_SCOPE.instagram);
  const code = mintCode();
  core.state.codes.set(code, {
    code,
    kind: 'instagram',
    appId: app.appId,
    redirectUri,
    subjectId: account.userId,
    scopes: scopes.filter((s) => !declined.includes(s)),
    declined,
    issuedAt: core.clock.now(),
  });
  // Meta appends "#_" to the Instagram redirect; clients must strip it from a copied code.
  return { status: 302, redirect: redirectWith(redirectUri, { code, state }, '_') };
}

function firstLoginAccount(core: SandboxCore) {
  for (const a of core.state.igAccounts.values()) if (a.instagramLogin) return a;
  return undefined;
}

/** POST /ig-api/oauth/access_token — answers the old error shape, and one of several success shapes. */
export function instagramCodeExchange(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  if (ctx.method !== 'POST') throw new OldShapeError('Invalid request method: POST is required');
  const p = ctx.params;
  const opts = core.options();
  for (const field of ['client_id', 'client_secret', 'grant_type', 'redirect_uri', 'code']) {
    if (!p[field]) throw new OldShapeError(`Missing required field ${field}`);
  }
  if (p.client_id !== opts.instagramApp.appId) throw new OldShapeError('Invalid platform app');
  if (p.client_secret !== opts.instagramApp.appSecret) throw new OldShapeError('Error validating client secret.');
  if (p.grant_type !== 'authorization_code') throw new OldShapeError('Unsupported grant_type; use authorization_code');
  const rec = core.state.codes.get(p.code);
  if (!rec || rec.kind !== 'instagram' || rec.appId !== p.client_id) throw new OldShapeError('Invalid authorization code');
  if (rec.usedAt !== undefined) throw new OldShapeError('This authorization code has been used');
  if (core.clock.now() - rec.issuedAt >= LIFETIME.code) throw new OldShapeError('This authorization code has expired');
  if (rec.redirectUri !== p.redirect_uri) {
    throw new OldShapeError('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request');
  }
  rec.usedAt = core.clock.now();
  const account = core.state.igAccounts.get(rec.subjectId);
  if (!account) throw new OldShapeError('Invalid authorization code');
  const auth = core.state.grant({ kind: 'instagram', appId: rec.appId, subjectId: account.userId, scopes: rec.scopes, declined: rec.declined });
  const token = core.state.mint(auth, 'instagram-short', { igUserId: account.userId });

  const n = core.state.counters;
  const shape = opts.instagramTokenShape === 'alternate' ? (n.shape++ % 2 === 0 ? 'data' : 'flat') : opts.instagramTokenShape;
  const permFormat = opts.permissionsFormat === 'alternate' ? (n.permissions++ % 2 === 0 ? 'string' : 'array') : opts.permissionsFormat;
  const entry = {
    access_token: token.token,
    user_id: opts.tokenUserId === 'professional' ? account.userId : account.appScopedId,
    permissions: permFormat === 'array' ? [...rec.scopes] : rec.scopes.join(','),
  };
  return { status: 200, json: shape === 'data' ? { data: [entry] } : entry };
}

function requireGet(ctx: RequestContext): void {
  if (ctx.method !== 'GET') throw new GraphError({ code: 100, message: `Unsupported ${ctx.method.toLowerCase()} request. This endpoint only answers GET.` });
}

/** GET /ig-graph/access_token?grant_type=ig_exchange_token — short-lived → 60-day token. */
export function instagramLongLived(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  requireGet(ctx);
  const p = ctx.params;
  if (p.grant_type !== 'ig_exchange_token') throw err.param(`Invalid grant_type '${p.grant_type ?? ''}': expected ig_exchange_token`);
  if (!p.client_secret) throw err.param('Missing client_secret');
  const rec = core.state.requireToken(ctx.token, 'instagram');
  if (p.client_secret !== core.options().instagramApp.appSecret) {
    throw new GraphError({ code: 1, httpStatus: 400, isTransient: false, message: 'Error validating client secret.' });
  }
  if (rec.kind !== 'instagram-short') throw err.param('Only a short-lived Instagram User token can be exchanged for a long-lived one');
  const auth = core.state.auths.get(rec.authKey)!;
  const long = core.state.mint(auth, 'instagram-long', { igUserId: rec.igUserId });
  return { status: 200, json: { access_token: long.token, token_type: 'bearer', expires_in: LIFETIME.instagramLongSec } };
}

/**
 * GET /ig-graph/refresh_access_token. A token under 24 h old is refused with code 10, not 190:
 * the token still works, so a client must not mark the connection "reconnect needed" for it.
 * The old token keeps working until its own expiry, as at Meta.
 */
export function instagramRefresh(ctx: RequestContext, core: SandboxCore): SandboxResponse {
  requireGet(ctx);
  const p = ctx.params;
  if (p.grant_type !== 'ig_refresh_token') throw err.param(`Invalid grant_type '${p.grant_type ?? ''}': expected ig_refresh_token`);
  const rec = core.state.requireToken(ctx.token, 'instagram');
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
  const auth = core.state.auths.get(rec.authKey)!;
  const fresh = core.state.mint(auth, 'instagram-long', { igUserId: rec.igUserId });
  return { status: 200, json: { access_token: fresh.token, token_type: 'bearer', expires_in: LIFETIME.instagramLongSec } };
}
