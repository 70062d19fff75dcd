import { appsecretProof, startSandbox, type Sandbox } from '../../sandbox';

export const REDIRECT = 'http://127.0.0.1:1337/api/instagram-publisher/oauth/callback';
export const IG_SCOPES = 'instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments';
export const FB_SCOPES = 'public_profile,pages_show_list,pages_read_engagement,instagram_basic,instagram_content_publish,instagram_manage_comments';

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<JsonResponse<T>> {
  const r = await fetch(url, init);
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and plain-text answers stay as text.
  }
  return { status: r.status, headers: r.headers, body };
}

export function postForm<T = any>(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return getJson<T>(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

export function withQuery(url: string, q: Record<string, string | undefined>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** Follow nothing: return the Location of an authorize redirect. */
export async function location(url: string): Promise<{ status: number; location: string | null; text: string }> {
  const r = await fetch(url, { redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location'), text: await r.text() };
}

export async function instagramCode(sb: Sandbox, opts: { account?: string; scope?: string; decline?: string; redirectUri?: string; state?: string } = {}): Promise<string> {
  const r = await location(
    withQuery(sb.endpoints.instagramAuthorize, {
      client_id: sb.options.instagramApp.appId,
      redirect_uri: opts.redirectUri ?? REDIRECT,
      response_type: 'code',
      scope: opts.scope ?? IG_SCOPES,
      state: opts.state ?? 'st-1',
      sandbox_account: opts.account ?? 'sandbox_brand',
      sandbox_action: 'approve',
      sandbox_decline: opts.decline,
    }),
  );
  if (r.status !== 302 || !r.location) throw new Error(`authorize failed: ${r.status} ${r.text}`);
  return new URL(r.location).searchParams.get('code')!;
}

export function exchangeInstagramCode(sb: Sandbox, code: string, overrides: Record<string, string> = {}) {
  return postForm(`${sb.endpoints.instagramApi}/oauth/access_token`, {
    client_id: sb.options.instagramApp.appId,
    client_secret: sb.options.instagramApp.appSecret,
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code,
    ...overrides,
  });
}

/** Full Instagram Login: authorize → code → short token → long-lived token. */
export async function instagramLogin(sb: Sandbox, account = 'sandbox_brand', scope = IG_SCOPES): Promise<{ short: string; long: string }> {
  const code = await instagramCode(sb, { account, scope });
  const ex = await exchangeInstagramCode(sb, code);
  const entry = Array.isArray(ex.body.data) ? ex.body.data[0] : ex.body;
  const ll = await getJson(withQuery(`${sb.endpoints.instagramGraph}/access_token`, { grant_type: 'ig_exchange_token', client_secret: sb.options.instagramApp.appSecret, access_token: entry.access_token }));
  return { short: entry.access_token, long: ll.body.access_token };
}

export async function facebookCode(sb: Sandbox, opts: { decline?: string; pages?: string; scope?: string; state?: string } = {}): Promise<string> {
  const r = await location(
    withQuery(`${sb.endpoints.facebookDialog}/v24.0/dialog/oauth`, {
      client_id: sb.options.facebookApp.appId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: opts.scope ?? FB_SCOPES,
      state: opts.state ?? 'fb-st',
      sandbox_account: sb.accounts.facebookUserId,
      sandbox_action: 'approve',
      sandbox_decline: opts.decline,
      sandbox_pages: opts.pages,
    }),
  );
  if (r.status !== 302 || !r.location) throw new Error(`dialog failed: ${r.status} ${r.text}`);
  return new URL(r.location).searchParams.get('code')!;
}

/** Facebook Login to a long-lived user token. */
export async function facebookLogin(sb: Sandbox, opts: { decline?: string; pages?: string } = {}): Promise<string> {
  const code = await facebookCode(sb, opts);
  const app = sb.options.facebookApp;
  const short = await getJson(withQuery(`${sb.endpoints.facebookGraph}/v24.0/oauth/access_token`, { client_id: app.appId, client_secret: app.appSecret, redirect_uri: REDIRECT, code }));
  const long = await getJson(
    withQuery(`${sb.endpoints.facebookGraph}/v24.0/oauth/access_token`, { grant_type: 'fb_exchange_token', client_id: app.appId, client_secret: app.appSecret, fb_exchange_token: short.body.access_token }),
  );
  return long.body.access_token;
}

/** A Facebook Graph GET with the bearer header and a correct appsecret_proof. */
export function fbGet(sb: Sandbox, path: string, token: string, q: Record<string, string> = {}) {
  return getJson(withQuery(`${sb.endpoints.facebookGraph}/v24.0${path}`, { ...q, appsecret_proof: appsecretProof(token, sb.options.facebookApp.appSecret) }), {
    headers: { authorization: `Bearer ${token}` },
  });
}

export function fbPost(sb: Sandbox, path: string, token: string, fields: Record<string, string>) {
  return postForm(`${sb.endpoints.facebookGraph}/v24.0${path}`, { ...fields, appsecret_proof: appsecretProof(token, sb.options.facebookApp.appSecret) }, { authorization: `Bearer ${token}` });
}

export function igGet(sb: Sandbox, path: string, token: string, q: Record<string, string> = {}) {
  return getJson(withQuery(`${sb.endpoints.instagramGraph}/v24.0${path}`, q), { headers: { authorization: `Bearer ${token}` } });
}

export function igPost(sb: Sandbox, path: string, token: string, fields: Record<string, string>) {
  return postForm(`${sb.endpoints.instagramGraph}/v24.0${path}`, fields, { authorization: `Bearer ${token}` });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const BRAND_ID = '17841400000000001';
export const CREATOR_ID = '17841400000000002';
export const BAKERY_IG_ID = '17841400000000011';

/**
 * One sandbox for the enclosing describe block (no media fetching, containers ready at once), a
 * fresh token of the brand account before each test, and a reset after it.
 */
export const useSandbox = () => {
  const state = {} as { sb: Sandbox; token: string };
  beforeAll(async () => {
    state.sb = await startSandbox({ fetchMedia: false, containerProcessingMs: 0 });
  });
  beforeEach(() => {
    state.token = state.sb.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;
  });
  afterEach(() => state.sb.reset());
  afterAll(() => state.sb.close());
  return state;
};
