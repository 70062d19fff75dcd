import { startSandbox, type Sandbox } from '../../sandbox';
import { HOUR, DAY } from '../../sandbox/clock';
import {
  BRAND_ID,
  IG_SCOPES,
  REDIRECT,
  exchangeInstagramCode,
  getJson,
  igGet,
  instagramCode,
  instagramLogin,
  location,
  withQuery,
} from './helpers';

describe('sandbox: Instagram Login', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterEach(() => sb.reset());
  afterAll(() => sb.close());

  const authorizeUrl = (q: Record<string, string | undefined> = {}) =>
    withQuery(sb.endpoints.instagramAuthorize, { client_id: 'sandbox-ig-app', redirect_uri: REDIRECT, response_type: 'code', scope: IG_SCOPES, state: 'abc', ...q });

  describe('authorize page', () => {
    it('renders an HTML consent page listing the Instagram Login accounts with approve and cancel', async () => {
      const r = await fetch(authorizeUrl());
      const html = await r.text();
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(html).toContain('Instagram sandbox — authorize sandbox-ig-app');
      expect(html).toContain('@sandbox_brand');
      expect(html).toContain('@sandbox_creator');
      expect(html).not.toContain('@sandbox_bakery');
      expect(html).toContain('data-testid="cancel"');
      expect(html).toContain('sandbox_decline');
    });

    it('answers a 400 HTML page for a wrong client_id, a missing redirect_uri and retired scope names', async () => {
      const wrongClient = await fetch(authorizeUrl({ client_id: 'someone-else' }));
      expect(wrongClient.status).toBe(400);
      expect(await wrongClient.text()).toContain('Invalid platform app');
      const noRedirect = await fetch(authorizeUrl({ redirect_uri: '' }));
      expect(noRedirect.status).toBe(400);
      const oldScopes = await fetch(authorizeUrl({ scope: 'business_basic,business_content_publish' }));
      expect(oldScopes.status).toBe(400);
      expect(await oldScopes.text()).toContain('Invalid Scopes: business_basic, business_content_publish');
    });

    it('approve redirects with code and state and the #_ fragment', async () => {
      const r = await location(authorizeUrl({ sandbox_account: 'sandbox_creator', sandbox_action: 'approve' }));
      expect(r.status).toBe(302);
      expect(r.location).toMatch(/#_$/);
      const u = new URL(r.location!);
      expect(`${u.origin}${u.pathname}`).toBe(REDIRECT);
      expect(u.searchParams.get('state')).toBe('abc');
      expect(u.searchParams.get('code')).toMatch(/^sbx-code-[0-9a-f]+$/);
    });

    it('cancel redirects with access_denied and the state', async () => {
      const r = await location(authorizeUrl({ sandbox_action: 'cancel' }));
      expect(r.status).toBe(302);
      expect(r.location).toContain('error=access_denied&error_reason=user_denied&error_description=Permissions+error&state=abc');
    });
  });

  describe('code exchange', () => {
    it('answers the documented data[] shape with permissions as a comma string by default', async () => {
      const code = await instagramCode(sb);
      const r = await exchangeInstagramCode(sb, code);
      expect(r.status).toBe(200);
      expect(r.body.data).toHaveLength(1);
      expect(r.body.data[0].access_token).toMatch(/^sbx-ig-[0-9a-f]{48}$/);
      expect(r.body.data[0].permissions).toBe(IG_SCOPES);
      // The exchange answers the app-scoped id; the professional id only comes from /me user_id.
      expect(r.body.data[0].user_id).toBe(sb.accounts.getInstagramAccount('sandbox_brand')!.appScopedId);
    });

    it('answers the flat shape and an array of permissions when configured', async () => {
      sb.set({ instagramTokenShape: 'flat', permissionsFormat: 'array' });
      const r = await exchangeInstagramCode(sb, await instagramCode(sb));
      expect(r.body.data).toBeUndefined();
      expect(r.body.access_token).toMatch(/^sbx-ig-/);
      expect(r.body.permissions).toEqual(IG_SCOPES.split(','));
    });

    it('alternates shapes per call when asked, so one test run sees every form', async () => {
      sb.set({ instagramTokenShape: 'alternate', permissionsFormat: 'alternate' });
      const a = await exchangeInstagramCode(sb, await instagramCode(sb));
      const b = await exchangeInstagramCode(sb, await instagramCode(sb));
      expect(Array.isArray(a.body.data)).toBe(true);
      expect(typeof a.body.data[0].permissions).toBe('string');
      expect(b.body.data).toBeUndefined();
      expect(Array.isArray(b.body.permissions)).toBe(true);
    });

    it('returns the professional id as user_id when tokenUserId is professional', async () => {
      sb.set({ tokenUserId: 'professional' });
      const r = await exchangeInstagramCode(sb, await instagramCode(sb));
      expect(r.body.data[0].user_id).toBe(BRAND_ID);
    });

    it('reflects declined scopes in permissions, but never drops instagram_business_basic', async () => {
      const code = await instagramCode(sb, { decline: 'instagram_business_content_publish,instagram_business_basic' });
      const r = await exchangeInstagramCode(sb, code);
      expect(r.body.data[0].permissions).toBe('instagram_business_basic,instagram_business_manage_comments');
    });

    it('codes are single-use, with the old error shape', async () => {
      const code = await instagramCode(sb);
      expect((await exchangeInstagramCode(sb, code)).status).toBe(200);
      const again = await exchangeInstagramCode(sb, code);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ error_type: 'OAuthException', code: 400, error_message: 'This authorization code has been used' });
    });

    it('codes expire after one hour of the sandbox clock', async () => {
      const code = await instagramCode(sb);
      sb.clock.advance(HOUR + 1000);
      const r = await exchangeInstagramCode(sb, code);
      expect(r.status).toBe(400);
      expect(r.body.error_message).toBe('This authorization code has expired');
    });

    it('requires the exact redirect_uri, the right secret and a code with the #_ stripped', async () => {
      const code = await instagramCode(sb);
      const mismatch = await exchangeInstagramCode(sb, code, { redirect_uri: `${REDIRECT}/` });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error_message).toMatch(/redirect_uri is identical/);
      const secret = await exchangeInstagramCode(sb, code, { client_secret: 'wrong' });
      expect(secret.body).toMatchObject({ error_type: 'OAuthException', error_message: 'Error validating client secret.' });
      const fragment = await exchangeInstagramCode(sb, `${code}#_`);
      expect(fragment.body.error_message).toBe('Invalid authorization code');
      // The failed attempts did not consume the code.
      expect((await exchangeInstagramCode(sb, code)).status).toBe(200);
    });
  });

  describe('long-lived tokens and refresh', () => {
    const refresh = (token: string) => getJson(withQuery(`${sb.endpoints.instagramGraph}/refresh_access_token`, { grant_type: 'ig_refresh_token', access_token: token }));

    it('exchanges a short-lived token for a 60-day token, refusing a wrong secret or a long-lived input', async () => {
      const code = await instagramCode(sb);
      const short = (await exchangeInstagramCode(sb, code)).body.data[0].access_token;
      const url = (secret: string, token: string) => withQuery(`${sb.endpoints.instagramGraph}/access_token`, { grant_type: 'ig_exchange_token', client_secret: secret, access_token: token });
      const bad = await getJson(url('nope', short));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe('Error validating client secret.');
      const ok = await getJson(url('sandbox-ig-secret', short));
      expect(ok.body).toEqual({ access_token: expect.stringMatching(/^sbx-ig-/), token_type: 'bearer', expires_in: 5183944 });
      const twice = await getJson(url('sandbox-ig-secret', ok.body.access_token));
      expect(twice.body.error.code).toBe(100);
    });

    it('refuses a refresh under 24 h old with code 10 and accepts it after', async () => {
      const { long } = await instagramLogin(sb);
      const young = await refresh(long);
      expect(young.status).toBe(400);
      expect(young.body.error.code).toBe(10);
      sb.clock.advance(DAY + 1000);
      const ok = await refresh(long);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ access_token: expect.stringMatching(/^sbx-ig-/), token_type: 'bearer', expires_in: 5183944 });
      expect(ok.body.access_token).not.toBe(long);
      // Meta keeps the old token alive until its own expiry.
      expect((await igGet(sb, '/me', long, { fields: 'username' })).status).toBe(200);
      expect(sb.accounts.tokenInfo(ok.body.access_token)!.expiresAt - sb.clock.now()).toBeGreaterThan(59 * DAY);
    });

    it('refuses to refresh an expired token with 190/463, and the new token outlives the old one', async () => {
      const { long } = await instagramLogin(sb);
      sb.clock.advance(30 * DAY);
      const fresh = (await refresh(long)).body.access_token as string;
      sb.clock.advance(31 * DAY);
      const expired = await refresh(long);
      expect(expired.status).toBe(400);
      expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
      expect((await igGet(sb, '/me', fresh)).status).toBe(200);
    });

    it('answers refresh only on GET', async () => {
      const { long } = await instagramLogin(sb);
      const r = await getJson(`${sb.endpoints.instagramGraph}/refresh_access_token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'ig_refresh_token', access_token: long }),
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(100);
    });
  });

  describe('/me', () => {
    it('returns only requested fields, with an app-scoped id different from user_id', async () => {
      const { long } = await instagramLogin(sb);
      const r = await igGet(sb, '/me', long, { fields: 'user_id,username,account_type,followers_count,website' });
      expect(r.status).toBe(200);
      expect(r.headers.get('facebook-api-version')).toBe('v24.0');
      expect(r.body).toEqual({
        id: '26000000000000001',
        user_id: BRAND_ID,
        username: 'sandbox_brand',
        account_type: 'BUSINESS',
        followers_count: 12840,
        website: 'https://brand.sandbox.invalid/',
      });
      expect(r.body.id).not.toBe(r.body.user_id);
    });

    it('accepts the token in the query too, omits empty fields and rejects unknown ones', async () => {
      const { long } = await instagramLogin(sb, 'sandbox_creator');
      const r = await getJson(withQuery(`${sb.endpoints.instagramGraph}/v21.0/me`, { fields: 'username,website,account_type', access_token: long }));
      expect(r.body).toEqual({ id: '26000000000000002', username: 'sandbox_creator', account_type: 'MEDIA_CREATOR' });
      const bad = await igGet(sb, '/me', long, { fields: 'username,shoe_size' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe(100);
    });

    it('answers 190 for unknown, expired and invalidated tokens', async () => {
      const unknown = await igGet(sb, '/me', 'sbx-ig-deadbeef');
      expect(unknown.body.error).toMatchObject({ code: 190 });
      expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');

      const { long } = await instagramLogin(sb);
      sb.accounts.invalidateToken('sandbox_brand', 460);
      const changed = await igGet(sb, '/me', long);
      expect(changed.body.error).toMatchObject({ code: 190, error_subcode: 460 });

      // Reconnecting after the password change works again.
      const again = await instagramLogin(sb);
      expect((await igGet(sb, '/me', again.long)).status).toBe(200);

      sb.clock.advance(61 * DAY);
      expect((await igGet(sb, '/me', again.long)).body.error).toMatchObject({ code: 190, error_subcode: 463 });
    });

    it('answers 2500 for /me without any token', async () => {
      const r = await getJson(`${sb.endpoints.instagramGraph}/v24.0/me`);
      expect(r.body.error.code).toBe(2500);
    });
  });

  it('issueToken seeds a long-lived token with a chosen issue time', async () => {
    const issuedAt = sb.clock.now() - 50 * DAY;
    const t = sb.issueToken({ kind: 'instagram', account: 'sandbox_creator', issuedAt });
    expect(t.accessToken).toMatch(/^sbx-ig-/);
    expect(t.expiresAt).toBe(issuedAt + 5183944 * 1000);
    expect(t.igUserId).toBe('17841400000000002');
    const r = await getJson(withQuery(`${sb.endpoints.instagramGraph}/refresh_access_token`, { grant_type: 'ig_refresh_token', access_token: t.accessToken }));
    expect(r.status).toBe(200);
  });
});
