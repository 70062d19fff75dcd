import { createGraphClient } from '../../../server/src/instagram/client';
import { isInstagramApiError, type InstagramApiError } from '../../../server/src/instagram/errors';
import { FakeGraph, graphErrorReply } from './fake-graph';
import { DEFAULT_RATE_LIMITS } from '../../../server/src/instagram/rate-governor';
import { FB_APP, IG_APP, USER_TOKEN, igAccount, makeClient } from './factories';

const caught = async (promise: Promise<unknown>): Promise<InstagramApiError> => {
  try {
    await promise;
  } catch (error) {
    if (isInstagramApiError(error)) return error;
    throw new Error(`expected an InstagramApiError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
};

const PROFILE = { user_id: '42', username: 'acme' };
const ME = '/ig-graph/v24.0/me';

describe('Graph client: request policy', () => {
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

  describe('retries of safe reads', () => {
    it('retries a transient GET with full-jitter exponential backoff, then succeeds', async () => {
      // Given: two temporary failures, then success
      fake.on('GET', ME, [graphErrorReply(500, 2), graphErrorReply(400, 1), { json: PROFILE }]);
      // When
      const profile = await ctx.client.getInstagramProfile(USER_TOKEN);
      // Then: random() = 0.5 of base*2^n, base 100
      expect(profile.userId).toBe('42');
      expect(fake.requests).toHaveLength(3);
      expect(ctx.sleeps).toEqual([50, 100]);
      expect(ctx.logs.filter((l) => l.level === 'warn')).toHaveLength(2);
    });

    it('gives up after the configured retries and reports the attempts', async () => {
      fake.on('GET', ME, { status: 503, raw: 'busy' });
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      expect(error.class).toBe('transient');
      expect(error.attempts).toBe(4);
      expect(fake.requests).toHaveLength(4);
      expect(ctx.sleeps).toEqual([50, 100, 200]);
      // A failed read changes nothing at Meta.
      expect(error.outcomeUnknown).toBe(false);
    });

    it('caps the backoff at maxDelayMs', async () => {
      const { client, sleeps } = makeClient(fake, { retry: { retries: 5, baseDelayMs: 1000, maxDelayMs: 3000 }, random: () => 0.999 });
      fake.on('GET', ME, { status: 500, raw: '' });
      await caught(client.getInstagramProfile(USER_TOKEN));
      expect(sleeps).toEqual([999, 1998, 2997, 2997, 2997]);
      client.destroy();
    });

    it('waits at least the X-Business-Use-Case-Usage hint when throttled', async () => {
      const usage = JSON.stringify({ '17841400000000001': [{ type: 'instagram', call_count: 95, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 1 }] });
      const { client, sleeps } = makeClient(fake, { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 120_000 } });
      fake.on('GET', ME, [graphErrorReply(400, 80002, undefined, { headers: { 'x-business-use-case-usage': usage } }), { json: PROFILE }]);
      await client.getInstagramProfile(USER_TOKEN);
      expect(fake.requests).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThanOrEqual(60_000);
      expect(sleeps[0]).toBeLessThanOrEqual(60_000 + 100);
      client.destroy();
    });

    it('honours Retry-After on a 429 with no Graph body', async () => {
      fake.on('GET', ME, [{ status: 429, headers: { 'retry-after': '2' }, raw: '' }, { json: PROFILE }]);
      await ctx.client.getInstagramProfile(USER_TOKEN);
      expect(ctx.sleeps).toHaveLength(1);
      expect(ctx.sleeps[0]).toBeGreaterThanOrEqual(2000);
    });

    it('does not sleep on a hint beyond the cap: it surfaces retryAfterMs instead', async () => {
      // Given: X-App-Usage asks for 10 minutes, the cap is 5 s
      fake.on('GET', ME, graphErrorReply(400, 4, undefined, { headers: { 'x-app-usage': JSON.stringify({ call_count: 100, estimated_time_to_regain_access: 10 }) } }));
      // When
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      // Then
      expect(error.class).toBe('throttled');
      expect(error.retryAfterMs).toBe(600_000);
      expect(error.userMessage).toMatch(/about 10 minute/);
      expect(fake.requests).toHaveLength(1);
      expect(ctx.sleeps).toEqual([]);
    });

    it.each([
      ['reauth', graphErrorReply(400, 190, 460)],
      ['permission', graphErrorReply(403, 10)],
      ['invalid', graphErrorReply(400, 100)],
      ['fatal', { status: 404, raw: 'not found' }],
    ] as const)('does not retry a %s error on a GET', async (cls, reply) => {
      fake.on('GET', ME, reply);
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      expect(error.class).toBe(cls);
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('timeouts and network failures', () => {
    it('times out a server that never answers, retries the read, and reports transient', async () => {
      // A timeout long enough for each request to reach the fake server on a loaded machine: the
      // test counts the requests it received (a hang would fail on jest's own timeout).
      const { client, sleeps } = makeClient(fake, { timeoutMs: 500, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 100 } });
      fake.on('GET', ME, { hang: true });
      const error = await caught(client.getInstagramProfile(USER_TOKEN));
      expect(error.class).toBe('transient');
      expect(error.message).toMatch(/no answer within 500 ms/);
      expect(fake.requests).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
      client.destroy();
    });

    it('maps a refused connection to transient with a known (not sent) outcome', async () => {
      // Given: a port nothing listens on
      const closed = await FakeGraph.start();
      const base = closed.baseUrl;
      await closed.close();
      const client = createGraphClient({
        endpoints: {
          instagramAuthorize: `${base}/a`,
          instagramApi: base,
          instagramGraph: base,
          facebookDialog: base,
          facebookGraph: base,
        },
        graphApiVersion: 'v24.0',
        retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
      });
      const error = await caught(client.publishContainer(igAccount(), '1'));
      expect(error.class).toBe('transient');
      expect(error.outcomeUnknown).toBe(false);
      expect(error.message).toMatch(/ECONNREFUSED/);
      client.destroy();
    });
  });

  describe('response validation', () => {
    it('rejects a 2xx that does not match the schema as fatal, without echoing the body', async () => {
      // Given: a body that carries a token but lacks user_id
      fake.on('GET', ME, { json: { id: '1', username: 'acme', access_token: 'test-token-in-body' } });
      // When
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      // Then
      expect(error.class).toBe('fatal');
      expect(error.message).toMatch(/unexpected shape \(user_id: invalid_union\)/);
      expect(JSON.stringify(error)).not.toContain('test-token-in-body');
      expect(fake.requests).toHaveLength(1);
    });

    it('rejects a 2xx that is not JSON', async () => {
      fake.on('GET', ME, { raw: '<html>captive portal</html>' });
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      expect(error.class).toBe('fatal');
      expect(error.message).toMatch(/not JSON/);
    });

    it('treats a 200 that carries a Graph error body as that error', async () => {
      fake.on('GET', ME, { status: 200, json: { error: { message: 'expired', type: 'OAuthException', code: 190, error_subcode: 463 } } });
      const error = await caught(ctx.client.getInstagramProfile(USER_TOKEN));
      expect(error.class).toBe('reauth');
    });
  });

  describe('nothing secret escapes', () => {
    it('throws errors whose own properties carry no token, secret, request or response', async () => {
      // Given: Meta echoes the token in its message, and the call carries the app secret in the query
      fake.on('GET', '/ig-graph/access_token', graphErrorReply(400, 190, 467, { message: `Invalid OAuth access token ${USER_TOKEN}`, userMessage: `token ${USER_TOKEN}` }));
      const error = await caught(ctx.client.exchangeInstagramLongLived(USER_TOKEN));
      // Then
      const serialized = JSON.stringify({ ...error, message: error.message, stack: error.stack });
      expect(serialized).not.toContain(USER_TOKEN);
      expect(serialized).not.toContain(IG_APP.appSecret);
      expect(Object.keys(error)).not.toEqual(expect.arrayContaining(['config']));
      for (const key of ['config', 'request', 'response', 'cause']) expect(error).not.toHaveProperty(key);
      expect(error.message).toContain('[REDACTED]');
    });

    it('never logs a token, proof or app secret', async () => {
      fake.on('GET', '/fb-graph/v24.0/me/permissions', [graphErrorReply(500, 2), { json: { data: [] } }]);
      fake.on('GET', '/fb-graph/v24.0/oauth/access_token', { json: { access_token: 'test-long-user-token', expires_in: 10 } });
      await ctx.client.getFacebookPermissions(USER_TOKEN);
      await ctx.client.exchangeFacebookLongLived(USER_TOKEN);
      const proof = fake.requests[0]!.query.get('appsecret_proof')!;
      const logs = ctx.logText();
      expect(ctx.logs.length).toBeGreaterThanOrEqual(4);
      // Response bodies are never logged, so the token Meta returned is absent too.
      for (const secret of [USER_TOKEN, proof, FB_APP.appSecret, 'test-long-user-token']) expect(logs).not.toContain(secret);
    });

    it('rejects a malformed Graph version at construction', () => {
      expect(() => makeClient(fake, { graphApiVersion: '24' })).toThrow(/graphApiVersion must look like v\d+\.\d+, got "24"/);
    });
  });
});

describe('Graph client: rate limits from the usage headers', () => {
  let fake: FakeGraph;

  beforeAll(async () => {
    fake = await FakeGraph.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const usage = (level: number) => ({ 'x-app-usage': JSON.stringify({ call_count: level, total_cputime: 1, total_time: 1 }) });

  it('reads X-App-Usage on a success and spaces the next calls of that app', async () => {
    // Given: Meta reports 90 % on every answer
    const { client, sleeps } = makeClient(fake);
    fake.on('GET', ME, { json: PROFILE, headers: usage(90) });
    // When: three reads in a row
    for (let i = 0; i < 3; i++) await client.getInstagramProfile(USER_TOKEN);
    // Then: the first was not held (nothing known yet); each later one waited 1.5 s after the one before
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([1500, 1500]);
    expect(client.rateLimitUsage().apps.instagram).toMatchObject({ usage: { callCount: 90 }, spacingMs: 1500 });
    client.destroy();
  });

  it('does not send a call while the app is paused beyond maxWaitMs: it fails as throttled, never sent', async () => {
    const { client } = makeClient(fake, { rateLimits: () => ({ ...DEFAULT_RATE_LIMITS, maxWaitMs: 1000 }) });
    fake.on('GET', ME, { json: PROFILE, headers: usage(97) });
    await client.getInstagramProfile(USER_TOKEN);
    const error = await caught(client.getInstagramProfile(USER_TOKEN));
    expect(error).toMatchObject({ class: 'throttled', retryAfterMs: 60_000, outcomeUnknown: false });
    expect(fake.requests).toHaveLength(1);
    expect(client.rateLimitUsage().apps.instagram.pausedUntil).toEqual(expect.any(String));
    client.destroy();
  });

  it('reads the usage of an error answer too: a publish refused with 80002 pauses that account for the next call', async () => {
    const { client } = makeClient(fake, { rateLimits: () => ({ ...DEFAULT_RATE_LIMITS, maxWaitMs: 0 }) });
    const buc = JSON.stringify({ '17841400000000001': [{ type: 'instagram', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 2 }] });
    fake.on('POST', '/ig-graph/v24.0/17841400000000001/media_publish', graphErrorReply(400, 80002, undefined, { headers: { 'x-business-use-case-usage': buc } }));
    const first = await caught(client.publishContainer(igAccount(), '555'));
    expect(first.code).toBe(80002);
    // The container status read of the same account is held back without reaching Meta
    const held = await caught(client.getContainerStatus(igAccount(), '555'));
    expect(held).toMatchObject({ class: 'throttled', retryAfterMs: 120_000 });
    expect(fake.requests).toHaveLength(1);
    client.destroy();
  });
});
