import { createHmac } from 'node:crypto';
import { isInstagramApiError, type InstagramApiError } from '../../../server/src/instagram/errors';
import { FakeGraph, graphErrorReply } from './fake-graph';
import { AUTH_CODE, FB_APP, IG_APP, PAGE_TOKEN, USER_TOKEN, makeClient } from './factories';

const proofOf = (token: string, secret = FB_APP.appSecret) => createHmac('sha256', secret).update(token).digest('hex');

const caught = async (promise: Promise<unknown>): Promise<InstagramApiError> => {
  try {
    await promise;
  } catch (error) {
    if (isInstagramApiError(error)) return error;
    throw new Error(`expected an InstagramApiError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
};

describe('Graph client: OAuth and accounts', () => {
  let fake: FakeGraph;
  let ctx: ReturnType<typeof makeClient>;

  beforeAll(async () => {
    fake = await FakeGraph.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    ctx = makeClient(fake);
  });
  afterEach(() => ctx.client.destroy());

  describe('authorize URLs', () => {
    it('builds the Instagram Login consent URL with a comma scope list', () => {
      // When
      const url = new URL(
        ctx.client.instagramAuthorizeUrl({
          redirectUri: 'https://cms.example.com/api/instagram-publisher/oauth/callback',
          scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
          state: 'state-1',
        }),
      );
      // Then
      expect(`${url.origin}${url.pathname}`).toBe(`${fake.baseUrl}/ig-www/oauth/authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: IG_APP.appId,
        redirect_uri: 'https://cms.example.com/api/instagram-publisher/oauth/callback',
        response_type: 'code',
        scope: 'instagram_business_basic,instagram_business_content_publish',
        state: 'state-1',
      });
      expect(url.toString()).not.toContain(IG_APP.appSecret);
    });

    it('builds the versioned Facebook Login dialog URL', () => {
      const url = new URL(ctx.client.facebookAuthorizeUrl({ redirectUri: 'https://cms.example.com/cb', scopes: ['instagram_basic', 'pages_show_list'], state: 's2' }));
      expect(url.pathname).toBe('/fb-www/v24.0/dialog/oauth');
      expect(url.searchParams.get('client_id')).toBe(FB_APP.appId);
      expect(url.searchParams.get('scope')).toBe('instagram_basic,pages_show_list');
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('state')).toBe('s2');
    });

    it('refuses to build a URL when the app is not configured', () => {
      const { client } = makeClient(fake, { instagramApp: undefined });
      expect(() => client.instagramAuthorizeUrl({ redirectUri: 'https://x.example/cb', scopes: [], state: 's' })).toThrow(/not configured/);
      client.destroy();
    });
  });

  describe('exchangeInstagramCode', () => {
    it.each([
      ['documented {data:[...]} shape with a comma string', { data: [{ access_token: USER_TOKEN, user_id: '42', permissions: 'instagram_business_basic,instagram_business_content_publish' }] }],
      ['flat shape with an array', { access_token: USER_TOKEN, user_id: 42, permissions: ['instagram_business_basic', 'instagram_business_content_publish'] }],
      ['flat shape with a spaced comma string', { access_token: USER_TOKEN, user_id: 42, permissions: 'instagram_business_basic, instagram_business_content_publish' }],
    ])('accepts the %s', async (_label, json) => {
      // Given
      fake.on('POST', '/ig-api/oauth/access_token', { json });
      // When
      const result = await ctx.client.exchangeInstagramCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' });
      // Then
      expect(result).toEqual({ accessToken: USER_TOKEN, userId: '42', permissions: ['instagram_business_basic', 'instagram_business_content_publish'] });
    });

    it('posts the code as a form body, not in the URL', async () => {
      fake.on('POST', '/ig-api/oauth/access_token', { json: { access_token: USER_TOKEN, user_id: 1, permissions: [] } });
      await ctx.client.exchangeInstagramCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' });
      const [sent] = fake.callsTo('POST', '/ig-api/oauth/access_token');
      expect(sent!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(sent!.form)).toEqual({
        client_id: IG_APP.appId,
        client_secret: IG_APP.appSecret,
        grant_type: 'authorization_code',
        redirect_uri: 'https://cms.example.com/cb',
        code: AUTH_CODE,
      });
      expect(sent!.rawUrl).toBe('/ig-api/oauth/access_token');
    });

    it('strips the "#_" Instagram appends to the redirect', async () => {
      fake.on('POST', '/ig-api/oauth/access_token', { json: { access_token: USER_TOKEN, user_id: 1 } });
      const result = await ctx.client.exchangeInstagramCode({ code: `${AUTH_CODE}#_`, redirectUri: 'https://cms.example.com/cb' });
      expect(fake.requests[0]!.form.get('code')).toBe(AUTH_CODE);
      expect(result.permissions).toEqual([]);
    });

    it('keeps a user_id beyond 2^53 exact', async () => {
      // Given: a JSON number that Number() would round to ...000
      fake.on('POST', '/ig-api/oauth/access_token', { raw: `{"access_token":"${USER_TOKEN}","user_id":17841400000000001,"permissions":"instagram_business_basic"}` });
      // When
      const result = await ctx.client.exchangeInstagramCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' });
      // Then
      expect(result.userId).toBe('17841400000000001');
      expect(Number('17841400000000001').toString()).not.toBe('17841400000000001');
    });

    it('maps the old {error_type, code, error_message} shape to a non-retried error that leaks nothing', async () => {
      fake.on('POST', '/ig-api/oauth/access_token', {
        status: 400,
        json: { error_type: 'OAuthException', code: 400, error_message: `Invalid authorization code ${AUTH_CODE}` },
      });
      const error = await caught(ctx.client.exchangeInstagramCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' }));
      expect(error.class).toBe('fatal');
      expect(error.type).toBe('OAuthException');
      expect(error.httpStatus).toBe(400);
      expect(error.userMessage).toMatch(/Start the connection again/);
      expect(error.message).toContain('Invalid authorization code');
      expect(JSON.stringify(error)).not.toContain(AUTH_CODE);
      expect(error.message).not.toContain(AUTH_CODE);
      expect(fake.requests).toHaveLength(1);
    });

    it('does not retry the single-use code exchange on a 5xx', async () => {
      fake.on('POST', '/ig-api/oauth/access_token', { status: 503, raw: 'upstream down' });
      const error = await caught(ctx.client.exchangeInstagramCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' }));
      expect(error.class).toBe('transient');
      expect(fake.requests).toHaveLength(1);
      expect(ctx.sleeps).toEqual([]);
    });
  });

  describe('Instagram long-lived tokens', () => {
    it('exchanges a short token on the unversioned endpoint with the query Meta requires, and redacts it from logs', async () => {
      fake.on('GET', '/ig-graph/access_token', { json: { access_token: 'test-long-token-1', token_type: 'bearer', expires_in: 5183944 } });
      const result = await ctx.client.exchangeInstagramLongLived(USER_TOKEN);
      expect(result).toEqual({ accessToken: 'test-long-token-1', expiresIn: 5183944 });
      const [sent] = fake.callsTo('GET', '/ig-graph/access_token');
      expect(Object.fromEntries(sent!.query)).toEqual({ grant_type: 'ig_exchange_token', client_secret: IG_APP.appSecret, access_token: USER_TOKEN });
      const logs = ctx.logText();
      expect(logs).toContain('/ig-graph/access_token');
      expect(logs).not.toContain(USER_TOKEN);
      expect(logs).not.toContain(IG_APP.appSecret);
    });

    it('refreshes with grant_type=ig_refresh_token', async () => {
      fake.on('GET', '/ig-graph/refresh_access_token', { json: { access_token: 'test-long-token-2', token_type: 'bearer', expires_in: 5184000 } });
      const result = await ctx.client.refreshInstagramToken('test-long-token-1');
      expect(result).toEqual({ accessToken: 'test-long-token-2', expiresIn: 5184000 });
      const [sent] = fake.callsTo('GET', '/ig-graph/refresh_access_token');
      expect(sent!.query.get('grant_type')).toBe('ig_refresh_token');
      expect(sent!.query.get('access_token')).toBe('test-long-token-1');
    });

    it('classifies an expired token on refresh as reauth without retrying', async () => {
      fake.on('GET', '/ig-graph/refresh_access_token', graphErrorReply(400, 190, 463, { message: 'Error validating access token: Session has expired' }));
      const error = await caught(ctx.client.refreshInstagramToken('test-long-token-1'));
      expect(error.class).toBe('reauth');
      expect(error.subcode).toBe(463);
      expect(error.fbtraceId).toBe('trace-123');
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('getInstagramProfile', () => {
    it('reads user_id (not the app-scoped id) and sends the token as a Bearer header only', async () => {
      // Given: Meta's id and user_id differ
      fake.on('GET', '/ig-graph/v24.0/me', {
        raw: JSON.stringify({
          id: '999000111',
          username: 'acme',
          name: 'Acme',
          account_type: 'BUSINESS',
          profile_picture_url: 'https://cdn.example.com/p.jpg',
          followers_count: 10,
          follows_count: 2,
          media_count: 3,
          biography: 'hi',
          website: 'https://acme.example',
        }).replace('{', '{"user_id":17841400000000003,'),
      });
      // When
      const profile = await ctx.client.getInstagramProfile(USER_TOKEN);
      // Then
      expect(profile).toEqual({
        userId: '17841400000000003',
        username: 'acme',
        name: 'Acme',
        accountType: 'BUSINESS',
        profilePictureUrl: 'https://cdn.example.com/p.jpg',
        followersCount: 10,
        followsCount: 2,
        mediaCount: 3,
        biography: 'hi',
        website: 'https://acme.example',
      });
      const [sent] = fake.callsTo('GET', '/ig-graph/v24.0/me');
      expect(sent!.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
      expect(sent!.rawUrl).not.toContain(USER_TOKEN);
      expect(sent!.query.get('fields')).toBe(
        'user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website',
      );
      expect(sent!.query.has('appsecret_proof')).toBe(false);
    });

    it('turns missing optional fields into nulls', async () => {
      fake.on('GET', '/ig-graph/v24.0/me', { json: { user_id: '5', username: 'bare' } });
      const profile = await ctx.client.getInstagramProfile(USER_TOKEN);
      expect(profile).toMatchObject({ userId: '5', username: 'bare', name: null, followersCount: null, website: null });
    });
  });

  describe('Facebook Login', () => {
    it('exchanges the code on the versioned Graph host without retrying', async () => {
      fake.on('GET', '/fb-graph/v24.0/oauth/access_token', { json: { access_token: USER_TOKEN, token_type: 'bearer', expires_in: 5400 } });
      const result = await ctx.client.exchangeFacebookCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' });
      expect(result).toEqual({ accessToken: USER_TOKEN, expiresIn: 5400 });
      const [sent] = fake.callsTo('GET', '/fb-graph/v24.0/oauth/access_token');
      expect(Object.fromEntries(sent!.query)).toEqual({
        client_id: FB_APP.appId,
        redirect_uri: 'https://cms.example.com/cb',
        client_secret: FB_APP.appSecret,
        code: AUTH_CODE,
      });
      expect(ctx.logText()).not.toContain(AUTH_CODE);
      expect(ctx.logText()).not.toContain(FB_APP.appSecret);
    });

    it('classifies a used code (100/36007) as invalid with a restart hint', async () => {
      fake.on('GET', '/fb-graph/v24.0/oauth/access_token', graphErrorReply(400, 100, 36007));
      const error = await caught(ctx.client.exchangeFacebookCode({ code: AUTH_CODE, redirectUri: 'https://cms.example.com/cb' }));
      expect(error.class).toBe('invalid');
      expect(error.userMessage).toMatch(/Start the connection again/);
      expect(fake.requests).toHaveLength(1);
    });

    it('exchanges for a long-lived token and reports a missing expires_in as null', async () => {
      fake.on('GET', '/fb-graph/v24.0/oauth/access_token', { json: { access_token: 'test-long-user-token', token_type: 'bearer' } });
      const result = await ctx.client.exchangeFacebookLongLived(USER_TOKEN);
      expect(result).toEqual({ accessToken: 'test-long-user-token', expiresIn: null });
      const [sent] = fake.callsTo('GET', '/fb-graph/v24.0/oauth/access_token');
      expect(sent!.query.get('grant_type')).toBe('fb_exchange_token');
      expect(sent!.query.get('fb_exchange_token')).toBe(USER_TOKEN);
    });

    it('splits permissions into granted and declined, with a correct appsecret_proof', async () => {
      fake.on('GET', '/fb-graph/v24.0/me/permissions', {
        json: {
          data: [
            { permission: 'instagram_basic', status: 'granted' },
            { permission: 'instagram_content_publish', status: 'declined' },
            { permission: 'pages_show_list', status: 'granted' },
            { permission: 'business_management', status: 'expired' },
          ],
        },
      });
      const result = await ctx.client.getFacebookPermissions(USER_TOKEN);
      expect(result).toEqual({ granted: ['instagram_basic', 'pages_show_list'], declined: ['instagram_content_publish', 'business_management'] });
      const [sent] = fake.callsTo('GET', '/fb-graph/v24.0/me/permissions');
      expect(sent!.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
      expect(sent!.query.get('appsecret_proof')).toBe(proofOf(USER_TOKEN));
      expect(sent!.query.has('access_token')).toBe(false);
    });

    it('revokes permissions with DELETE and never retries it', async () => {
      fake.on('DELETE', '/fb-graph/v24.0/me/permissions', [{ status: 500, raw: '' }, { json: { success: true } }]);
      const error = await caught(ctx.client.revokeFacebookPermissions(USER_TOKEN));
      expect(error.class).toBe('transient');
      expect(fake.requests).toHaveLength(1);

      fake.reset();
      fake.on('DELETE', '/fb-graph/v24.0/me/permissions', { json: { success: true } });
      await expect(ctx.client.revokeFacebookPermissions(USER_TOKEN)).resolves.toBeUndefined();
      expect(fake.callsTo('DELETE', '/fb-graph/v24.0/me/permissions')[0]!.query.get('appsecret_proof')).toBe(proofOf(USER_TOKEN));
    });

    it('reads the linked Instagram profile with the page token and proof', async () => {
      fake.on('GET', '/fb-graph/v24.0/17841400000000002', {
        json: { id: '17841400000000002', username: 'acme_fb', name: 'Acme FB', followers_count: 7, media_count: 1 },
      });
      const profile = await ctx.client.getFacebookInstagramProfile('17841400000000002', PAGE_TOKEN);
      expect(profile).toEqual({
        userId: '17841400000000002',
        username: 'acme_fb',
        name: 'Acme FB',
        accountType: null,
        profilePictureUrl: null,
        followersCount: 7,
        followsCount: null,
        mediaCount: 1,
        biography: null,
        website: null,
      });
      const [sent] = fake.requests;
      expect(sent!.query.get('fields')).toBe('username,name,profile_picture_url,followers_count,follows_count,media_count,biography,website');
      expect(sent!.headers.authorization).toBe(`Bearer ${PAGE_TOKEN}`);
      expect(sent!.query.get('appsecret_proof')).toBe(proofOf(PAGE_TOKEN));
    });

    it('names the missing scope on a permission error', async () => {
      fake.on('GET', '/fb-graph/v24.0/me/accounts', graphErrorReply(403, 200));
      const error = await caught(ctx.client.listFacebookPages(USER_TOKEN));
      expect(error.class).toBe('permission');
      expect(error.requiredScopes).toEqual(['pages_show_list']);
      expect(error.userMessage).toContain('"pages_show_list"');
    });
  });

  describe('listFacebookPages', () => {
    const page = (id: string, ig?: string) => ({
      id,
      name: `Page ${id}`,
      access_token: `test-page-token-${id}`,
      ...(ig ? { instagram_business_account: { id: ig } } : {}),
    });

    it('follows paging.next on the Graph host, re-sending the token as a header with a fresh proof', async () => {
      // Given: Meta's next link embeds the token in its query
      const next = `${fake.baseUrl}/fb-graph/v24.0/100/accounts?access_token=${USER_TOKEN}&limit=100&after=cursor-2&appsecret_proof=stale`;
      fake.on('GET', '/fb-graph/v24.0/me/accounts', { json: { data: [page('1', '17841400000000011'), page('2')], paging: { next } } });
      fake.on('GET', '/fb-graph/v24.0/100/accounts', {
        raw: `{"data":[{"id":"3","name":"Page 3","access_token":"test-page-token-3","instagram_business_account":{"id":17841400000000013}}],"paging":{}}`,
      });
      // When
      const pages = await ctx.client.listFacebookPages(USER_TOKEN);
      // Then
      expect(pages).toEqual([
        { pageId: '1', name: 'Page 1', accessToken: 'test-page-token-1', instagramBusinessAccountId: '17841400000000011' },
        { pageId: '2', name: 'Page 2', accessToken: 'test-page-token-2', instagramBusinessAccountId: null },
        { pageId: '3', name: 'Page 3', accessToken: 'test-page-token-3', instagramBusinessAccountId: '17841400000000013' },
      ]);
      const [first, second] = fake.requests;
      expect(first!.query.get('fields')).toBe('id,name,access_token,instagram_business_account');
      expect(second!.path).toBe('/fb-graph/v24.0/100/accounts');
      expect(second!.query.get('after')).toBe('cursor-2');
      expect(second!.query.has('access_token')).toBe(false);
      expect(second!.query.get('appsecret_proof')).toBe(proofOf(USER_TOKEN));
      expect(second!.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    });

    it('refuses a paging.next that points off the configured Graph host', async () => {
      // Given: a next link to another origin (here: the same server under a different name)
      const offOrigin = fake.baseUrl.replace('127.0.0.1', 'localhost');
      fake.on('GET', '/fb-graph/v24.0/me/accounts', { json: { data: [page('1')], paging: { next: `${offOrigin}/fb-graph/v24.0/me/accounts?after=x` } } });
      // When
      const error = await caught(ctx.client.listFacebookPages(USER_TOKEN));
      // Then: nothing was sent there
      expect(error.class).toBe('fatal');
      expect(error.message).toMatch(/refused to follow paging\.next/);
      expect(fake.requests).toHaveLength(1);
    });

    it('refuses a paging.next on the right origin but outside the Graph base path', async () => {
      fake.on('GET', '/fb-graph/v24.0/me/accounts', { json: { data: [], paging: { next: `${fake.baseUrl}/ig-graph/v24.0/me?x=1` } } });
      await expect(ctx.client.listFacebookPages(USER_TOKEN)).rejects.toMatchObject({ class: 'fatal' });
      expect(fake.requests).toHaveLength(1);
    });

    it('stops after 50 pages of results', async () => {
      let n = 0;
      fake.on('GET', /^\/fb-graph\/v24\.0\/(me|100)\/accounts$/, () => {
        n += 1;
        return { json: { data: [page(String(n))], paging: { next: `${fake.baseUrl}/fb-graph/v24.0/100/accounts?after=c${n}` } } };
      });
      const pages = await ctx.client.listFacebookPages(USER_TOKEN);
      expect(pages).toHaveLength(50);
      expect(fake.requests).toHaveLength(50);
      expect(ctx.logs.some((l) => l.level === 'warn' && /stopped after 50 pages/.test(l.msg))).toBe(true);
    });

    it('skips pages Meta returns without a page token', async () => {
      fake.on('GET', '/fb-graph/v24.0/me/accounts', { json: { data: [{ id: '8', name: 'No task' }, page('9')] } });
      const pages = await ctx.client.listFacebookPages(USER_TOKEN);
      expect(pages.map((p) => p.pageId)).toEqual(['9']);
    });
  });

  describe('debugToken', () => {
    it('uses the app token as Bearer, maps 0 to "never" and keeps scopes', async () => {
      fake.on('GET', '/fb-graph/v24.0/debug_token', {
        raw: '{"data":{"app_id":"2002","is_valid":true,"expires_at":0,"data_access_expires_at":1767225600,"scopes":["instagram_basic","pages_show_list"],"user_id":17841400000000021}}',
      });
      const result = await ctx.client.debugToken(PAGE_TOKEN);
      expect(result).toEqual({
        isValid: true,
        expiresAt: null,
        dataAccessExpiresAt: new Date(1767225600 * 1000),
        scopes: ['instagram_basic', 'pages_show_list'],
        userId: '17841400000000021',
      });
      const [sent] = fake.requests;
      const appToken = `${FB_APP.appId}|${FB_APP.appSecret}`;
      expect(sent!.headers.authorization).toBe(`Bearer ${appToken}`);
      expect(sent!.query.get('input_token')).toBe(PAGE_TOKEN);
      expect(sent!.query.get('appsecret_proof')).toBe(proofOf(appToken));
      expect(ctx.logText()).not.toContain(PAGE_TOKEN);
      expect(ctx.logText()).not.toContain(FB_APP.appSecret);
    });

    it('reports an invalid token without scopes', async () => {
      fake.on('GET', '/fb-graph/v24.0/debug_token', {
        json: { data: { is_valid: false, expires_at: 1700000000, error: { code: 190, message: 'Session has expired', subcode: 463 } } },
      });
      const result = await ctx.client.debugToken(PAGE_TOKEN);
      expect(result).toEqual({ isValid: false, expiresAt: new Date(1700000000 * 1000), dataAccessExpiresAt: null, scopes: [] });
    });
  });
});
