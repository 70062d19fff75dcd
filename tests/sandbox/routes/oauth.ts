import { all, first, type RequestContext, type SandboxCore } from '../context';
import { HtmlError } from '../errors';
import { ok, type SandboxResponse } from '../http/answer';
import type { CodeRequest } from '../state/codes';

/** What both consent pages share; the Instagram and Facebook route modules hold the differences. */

export function parseScopeList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>, hash: string): string {
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

/** A token endpoint's success: `{ access_token, token_type, expires_in }`. */
export function tokenAnswer(accessToken: string, expiresIn?: number): SandboxResponse {
  return ok(expiresIn === undefined ? { access_token: accessToken, token_type: 'bearer' } : { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn });
}

export interface ConsentFlow {
  scopes: string[];
  redirectUri: string;
  /** The scope the user cannot untick: a decline of it is ignored. */
  required: string;
  /** Fragment Meta appends to the redirect ("#_" Instagram, "#_=_" Facebook), on approval and on cancel. */
  hash: { approve: string; cancel: string };
  /** Extra parameters of the cancel redirect, after `error`. */
  cancelParams?: Record<string, string>;
  /** The consent page, whose form resubmits the same query. */
  page(params: URLSearchParams): string;
  /** The user and app the code is for (throws an HtmlError for an unknown sandbox_account). */
  approve(): Omit<CodeRequest, 'redirectUri' | 'requested' | 'declined'>;
}

/**
 * The end of both consent pages: render the page, or, with sandbox_action, redirect at once, with a
 * single-use code on approval (minus sandbox_decline'd scopes) or Meta's access_denied on cancel.
 */
export function consent(ctx: RequestContext, core: SandboxCore, flow: ConsentFlow): SandboxResponse {
  const q = ctx.query;
  const state = first(q.state);
  const action = first(q.sandbox_action);
  if (!action) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return { status: 200, html: flow.page(params) };
  }
  if (action === 'cancel') {
    const denied = { error: 'access_denied', ...flow.cancelParams, error_reason: 'user_denied', error_description: 'Permissions error', state };
    return { status: 302, redirect: redirectWith(flow.redirectUri, denied, flow.hash.cancel) };
  }
  if (action !== 'approve') throw new HtmlError(400, 'Invalid Request', 'sandbox_action must be approve or cancel');
  const subject = flow.approve();
  const declined = all(q.sandbox_decline).filter((s) => flow.scopes.includes(s) && s !== flow.required);
  const code = core.state.codes.issue({ ...subject, redirectUri: flow.redirectUri, requested: flow.scopes, declined });
  return { status: 302, redirect: redirectWith(flow.redirectUri, { code, state }, flow.hash.approve) };
}
