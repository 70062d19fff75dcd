import { appsecretProof, startSandbox, type Sandbox } from '../../sandbox';
import { DAY, HOUR } from '../../sandbox/clock';
import { BAKERY_IG_ID, FB_SCOPES, REDIRECT, facebookCode, facebookLogin, fbGet, getJson, location, withQuery } from './helpers';

describe('sandbox: Facebook Login', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterEach(() => sb.reset());
  afterAll(() => sb.close());

  const tokenUrl = (q: Record<string, string>) => withQuery(`${sb.endpoints.facebookGraph}/v24.0/oauth/access_token`, { client_id: 'sandbox-fb-app', client_secret: 'sandbox-fb-secret', ...q });

  describe('dialog', () => {
    const dialog = (q: Record<string, string | undefined> = {}) =>
      withQuery(`${sb.endpoints.facebookDialog}/v24.0/dialog/oauth`, { client_id: 'sandbox-fb-app', redirect_uri: REDIRECT, response_type: 'code', scope: FB_SCOPES, state: 's1', ...q });

    it('renders the user with its pages and which have an Instagram account', async () => {
      const r = await fetch(dialog());
      const html = await r.text();
      expect(r.status).toBe(200);
      expect(html).toContain('Continue as Sandy Sandbox');
      expect(html).toContain('Sandbox Bakery');
      expect(html).toContain('→ Instagram @sandbox_bakery');
      expect(html).toContain('Sandbox Notes');
      expect(html).toContain('no Instagram account');
    });

    it('rejects a wrong app id and unknown scopes with an HTML 400', async () => {
      expect((await fetch(dialog({ client_id: 'x' }))).status).toBe(400);
      const r = await fetch(dialog({ scope: 'instagram_basic,publish_everything' }));
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('Invalid Scopes: publish_everything');
    });

    it('approve and cancel redirect to the redirect_uri with state', async () => {
      const ok = await location(dialog({ sandbox_action: 'approve' }));
      const u = new URL(ok.location!);
      expect(u.searchParams.get('code')).toMatch(/^sbx-code-/);
      expect(u.searchParams.get('state')).toBe('s1');
      const no = await location(dialog({ sandbox_action: 'cancel' }));
      const c = new URL(no.location!);
      expect(c.searchParams.get('error')).toBe('access_denied');
      expect(c.searchParams.get('error_reason')).toBe('user_denied');
      expect(c.searchParams.get('state')).toBe('s1');
    });
  });

  describe('tokens', () => {
    it('exchanges a code for a short-lived token (5400 s) and then a long-lived one', async () => {
      const code = await facebookCode(sb);
      const short = await getJson(tokenUrl({ redirect_uri: REDIRECT, code }));
      expect(short.body).toEqual({ access_token: expect.stringMatching(/^sbx-fb-/), token_type: 'bearer', expires_in: 5400 });
      const long = await getJson(tokenUrl({ grant_type: 'fb_exchange_token', fb_exchange_token: short.body.access_token }));
      expect(long.status).toBe(200);
      expect(long.body.expires_in).toBeGreaterThan(59 * 86400);
      expect(sb.accounts.tokenInfo(long.body.access_token)!.kind).toBe('facebook-user-long');
    });

    it('enforces single use, expiry and the exact redirect_uri with Graph-shaped errors', async () => {
      const code = await facebookCode(sb);
      const mismatch = await getJson(tokenUrl({ redirect_uri: 'http://127.0.0.1:1337/other', code }));
      expect(mismatch.body.error).toMatchObject({ code: 100, error_subcode: 36008, type: 'OAuthException' });
      expect((await getJson(tokenUrl({ redirect_uri: REDIRECT, code }))).status).toBe(200);
      const reused = await getJson(tokenUrl({ redirect_uri: REDIRECT, code }));
      expect(reused.body.error).toMatchObject({ code: 100, error_subcode: 36009 });
      const late = await facebookCode(sb);
      sb.clock.advance(HOUR + 1);
      expect((await getJson(tokenUrl({ redirect_uri: REDIRECT, code: late }))).body.error).toMatchObject({ code: 100, error_subcode: 36007 });
      expect((await getJson(tokenUrl({ redirect_uri: REDIRECT, code: late, client_secret: 'bad' }))).body.error.message).toBe('Error validating client secret.');
    });
  });

  describe('appsecret_proof', () => {
    it('is required on calls carrying a user token, and counted', async () => {
      const token = await facebookLogin(sb);
      const missing = await getJson(`${sb.endpoints.facebookGraph}/v24.0/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe(100);
      const wrong = await getJson(withQuery(`${sb.endpoints.facebookGraph}/v24.0/me`, { appsecret_proof: appsecretProof(token, 'not-the-secret') }), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(wrong.body.error).toMatchObject({ code: 100, message: 'Invalid appsecret_proof provided in the API argument' });
      const ok = await fbGet(sb, '/me', token);
      expect(ok.body).toEqual({ id: sb.accounts.facebookUserId, name: 'Sandy Sandbox' });
      expect(sb.stats.appsecretProof).toEqual({ valid: 1, invalid: 1, missing: 1 });
      expect(sb.lastCall({ api: 'facebookGraph', path: '/me' })!.appsecretProof).toBe('valid');
    });

    it('is not asked of the code exchange, which carries no token', async () => {
      const code = await facebookCode(sb);
      expect((await getJson(tokenUrl({ redirect_uri: REDIRECT, code }))).status).toBe(200);
      expect(sb.stats.appsecretProof.missing).toBe(0);
    });
  });

  describe('/me/accounts', () => {
    it('is paginated two by two with absolute next URLs that must be followed', async () => {
      const token = await facebookLogin(sb);
      const first = await fbGet(sb, '/me/accounts', token, { fields: 'id,name,access_token,instagram_business_account', limit: '50' });
      expect(first.body.data.map((p: any) => p.name)).toEqual(['Sandbox Bakery', 'Sandbox Studio']);
      expect(first.body.data[0].instagram_business_account).toEqual({ id: BAKERY_IG_ID });
      expect(first.body.data[0].access_token).toMatch(/^sbx-fb-page-/);
      const next = first.body.paging.next as string;
      expect(next.startsWith(sb.endpoints.facebookGraph)).toBe(true);
      // The token went in the header, so the next URL does not carry it: resend it.
      expect(next).not.toContain('access_token=');
      const second = await getJson(next, { headers: { authorization: `Bearer ${token}` } });
      expect(second.body.data.map((p: any) => p.name)).toEqual(['Sandbox Notes', 'Sandbox Cafe']);
      expect(second.body.data[0].instagram_business_account).toBeUndefined();
      expect(second.body.paging.next).toBeUndefined();
      expect(sb.count({ api: 'facebookGraph', path: '/me/accounts' })).toBe(2);
    });

    it('lists only the pages ticked in the dialog and hides Instagram accounts without instagram_basic', async () => {
      const token = await facebookLogin(sb, { pages: '1010000000000004', decline: 'instagram_basic' });
      const r = await fbGet(sb, '/me/accounts', token, { fields: 'id,name,instagram_business_account' });
      expect(r.body.data).toEqual([{ id: '1010000000000004', name: 'Sandbox Cafe' }]);
    });

    it('grants no page when the dialog form is sent with every page unticked', async () => {
      const token = await facebookLogin(sb, { pages: '' });
      const r = await fbGet(sb, '/me/accounts', token);
      expect(r.body).toEqual({ data: [] });
    });

    it('needs pages_show_list', async () => {
      const token = await facebookLogin(sb, { decline: 'pages_show_list' });
      const r = await fbGet(sb, '/me/accounts', token);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe(200);
    });
  });

  describe('pages and linked Instagram accounts', () => {
    it('reads the page link and the IG profile with a page token', async () => {
      const user = await facebookLogin(sb);
      const pages = await fbGet(sb, '/me/accounts', user, { fields: 'id,access_token' });
      const pageToken = pages.body.data[0].access_token as string;
      const page = await fbGet(sb, '/1010000000000001', pageToken, { fields: 'instagram_business_account,name' });
      expect(page.body).toEqual({ id: '1010000000000001', name: 'Sandbox Bakery', instagram_business_account: { id: BAKERY_IG_ID } });
      const profile = await fbGet(sb, `/${BAKERY_IG_ID}`, pageToken, { fields: 'username,name,followers_count,media_count,biography' });
      expect(profile.body).toMatchObject({ id: BAKERY_IG_ID, username: 'sandbox_bakery', followers_count: 5310, media_count: 64 });
      const other = await fbGet(sb, '/17841400000000013', pageToken, { fields: 'username' });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe(10);
    });

    it('answers the same page token on repeated /me/accounts calls', async () => {
      const user = await facebookLogin(sb);
      const a = await fbGet(sb, '/me/accounts', user, { fields: 'access_token' });
      const b = await fbGet(sb, '/me/accounts', user, { fields: 'access_token' });
      expect(a.body.data[0].access_token).toBe(b.body.data[0].access_token);
    });
  });

  describe('permissions', () => {
    it('lists granted and declined permissions and DELETE revokes every token', async () => {
      const user = await facebookLogin(sb, { decline: 'instagram_manage_comments' });
      const pageToken = (await fbGet(sb, '/me/accounts', user, { fields: 'access_token' })).body.data[0].access_token;
      const perms = await fbGet(sb, '/me/permissions', user);
      expect(perms.body.data).toContainEqual({ permission: 'instagram_content_publish', status: 'granted' });
      expect(perms.body.data).toContainEqual({ permission: 'instagram_manage_comments', status: 'declined' });
      const del = await getJson(withQuery(`${sb.endpoints.facebookGraph}/v24.0/me/permissions`, { appsecret_proof: appsecretProof(user, 'sandbox-fb-secret') }), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${user}` },
      });
      expect(del.body).toEqual({ success: true });
      expect((await fbGet(sb, '/me', user)).body.error).toMatchObject({ code: 190, error_subcode: 458 });
      expect((await fbGet(sb, '/me', pageToken)).body.error).toMatchObject({ code: 190, error_subcode: 458 });
    });
  });

  describe('debug_token', () => {
    const debug = (input: string, access = 'sandbox-fb-app|sandbox-fb-secret') => getJson(withQuery(`${sb.endpoints.facebookGraph}/v24.0/debug_token`, { input_token: input, access_token: access }));

    it('describes a user token with expiry, 90-day data access and scopes', async () => {
      const user = await facebookLogin(sb);
      const info = sb.accounts.tokenInfo(user)!;
      const r = await debug(user);
      expect(r.body.data).toMatchObject({
        app_id: 'sandbox-fb-app',
        type: 'USER',
        is_valid: true,
        user_id: sb.accounts.facebookUserId,
        expires_at: Math.floor(info.expiresAt / 1000),
        data_access_expires_at: Math.floor(info.dataAccessExpiresAt! / 1000),
      });
      expect(r.body.data.data_access_expires_at - r.body.data.issued_at).toBeGreaterThanOrEqual(90 * 86400 - 5);
      expect(r.body.data.scopes).toEqual(expect.arrayContaining(['instagram_basic', 'instagram_content_publish']));
    });

    it('gives page tokens expires_at 0 and reports invalid tokens with their error', async () => {
      const user = await facebookLogin(sb);
      const pageToken = (await fbGet(sb, '/me/accounts', user, { fields: 'access_token' })).body.data[0].access_token;
      const page = await debug(pageToken);
      expect(page.body.data).toMatchObject({ type: 'PAGE', expires_at: 0, is_valid: true, profile_id: '1010000000000001' });
      sb.accounts.invalidateToken(sb.accounts.facebookUserId, 460);
      const dead = await debug(pageToken);
      expect(dead.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 460 } });
    });

    it('rejects a wrong app token', async () => {
      const user = await facebookLogin(sb);
      const r = await debug(user, 'sandbox-fb-app|guess');
      expect(r.body.error.code).toBe(190);
    });

    it('lets data access lapse after 90 days while page tokens stay non-expiring', async () => {
      const user = await facebookLogin(sb);
      const pageToken = (await fbGet(sb, '/me/accounts', user, { fields: 'access_token' })).body.data[0].access_token;
      sb.clock.advance(91 * DAY);
      const r = await fbGet(sb, `/${BAKERY_IG_ID}`, pageToken, { fields: 'username' });
      expect(r.body.error.code).toBe(190);
    });
  });
});
