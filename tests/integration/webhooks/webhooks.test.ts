import { webhookSignature } from '../../sandbox';
import { CONNECT_ACTIONS, connectAs, grantActions, registerUser } from '../end-users/connect-harness';
import { runFlow } from '../harness/oauth';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { seedConnection, waitFor } from '../publishing/helpers';

const PATH = '/api/instagram-publisher/webhooks';
const VERIFY_TOKEN = 'playground-webhook-verify-token';
const BRAND = '17841400000000001';

let env: SandboxedApp;
let url: string;
let events: Array<{ name: string; payload: any }>;

beforeAll(async () => {
  env = await startSandboxedApp({ app: { listen: true, env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
  url = `${env.app.url}${PATH}`;
  for (const name of ['instagram-publisher.comment.created', 'instagram-publisher.mention.created']) {
    env.app.strapi.eventHub.on(name, async (payload: unknown) => {
      events.push({ name, payload });
    });
  }
  await seedConnection(env.app.strapi, env.sandbox, 'sandbox_brand');
  await grantActions(env.app.strapi, CONNECT_ACTIONS);
});
beforeEach(() => {
  events = [];
});
afterAll(async () => {
  await env?.stop();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('verification handshake', () => {
  it('echoes hub.challenge as text for the configured verify token', async () => {
    const response = await env.app.http().get(PATH).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toBe('1158201444');
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'not-the-verify-token', 'hub.challenge': '1' }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
  ])('refuses %s with 403 and does not echo the challenge', async (_label, query) => {
    const response = await env.app.http().get(PATH).query(query);
    expect(response.status).toBe(403);
    expect(response.text).not.toBe('1');
    expect(response.body.error.message).toMatch(/verify_token/);
  });
});

describe('without a verify token', () => {
  it('answers the handshake 404, saying what to configure', async () => {
    const key = 'plugin::instagram-publisher.webhooks';
    const configured = env.app.strapi.config.get(key);
    env.app.strapi.config.set(key, {});
    try {
      const response = await env.app.http().get(PATH).query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toMatch(/webhooks\.verifyToken/);
    } finally {
      env.app.strapi.config.set(key, configured);
    }
  });
});

describe('deliveries', () => {
  it('answers 200 to a signed comment and emits comment.created with the account', async () => {
    // Given a comment on the connected account's media, signed with the Instagram app secret
    const change = env.sandbox.webhooks.comment(BRAND, { id: '17900000000000101', mediaId: '18000000000000001', text: 'Lovely!', username: 'a_fan' });
    // When Meta delivers it
    const response = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-ig-secret' });
    // Then it is acknowledged, and the event follows
    expect(response.status).toBe(200);
    await waitFor(async () => events.length > 0, { what: 'comment.created' });
    expect(events).toEqual([
      {
        name: 'instagram-publisher.comment.created',
        payload: {
          comment: { id: '17900000000000101', mediaId: '18000000000000001', text: 'Lovely!', username: 'a_fan', timestamp: expect.any(String), parentId: null },
          account: { id: BRAND, username: 'sandbox_brand' },
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/sbx-|access_token/);
  });

  it('accepts the Facebook app secret and emits mention.created', async () => {
    const change = env.sandbox.webhooks.mention(BRAND, { mediaId: '18000000000000002', commentId: '17900000000000102' });
    const response = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-fb-secret' });
    expect(response.status).toBe(200);
    await waitFor(async () => events.length > 0, { what: 'mention.created' });
    expect(events[0]).toEqual({
      name: 'instagram-publisher.mention.created',
      payload: { mention: { mediaId: '18000000000000002', commentId: '17900000000000102' }, account: { id: BRAND, username: 'sandbox_brand' } },
    });
  });

  it('processes a redelivery once', async () => {
    const change = env.sandbox.webhooks.comment(BRAND, { id: '17900000000000103', mediaId: '18000000000000001', text: 'Twice?' });
    const first = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-ig-secret' });
    const again = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-ig-secret' });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(JSON.parse(again.body)).toMatchObject({ accepted: 0 });
    await waitFor(async () => events.length > 0);
    await settle();
    expect(events.filter((e) => e.payload.comment.id === '17900000000000103')).toHaveLength(1);
  });

  it('acknowledges unknown accounts and fields without an event', async () => {
    const stranger = env.sandbox.webhooks.comment('17841499999999999', { id: '17900000000000104', mediaId: '1', text: 'hi' });
    const unknownField = { id: BRAND, changes: [{ field: 'story_insights', value: { media_id: '1', reach: 3 } }] };
    const response = await env.sandbox.webhooks.deliver(url, { entry: [stranger, unknownField] }, { secret: 'sandbox-ig-secret' });
    expect(response.status).toBe(200);
    await settle();
    expect(events).toEqual([]);
  });

  it.each([
    ['unsigned', { unsigned: true }, 401],
    ['forged', { forge: true }, 403],
    ['stale', { stale: true }, 400],
  ] as const)('refuses a %s delivery and emits nothing', async (_label, options, status) => {
    const change = env.sandbox.webhooks.comment(BRAND, { id: `1790000000000020${status}`, mediaId: '1', text: 'refused' });
    const response = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-ig-secret', ...options });
    expect(response.status).toBe(status);
    await settle();
    expect(events).toEqual([]);
  });

  it('refuses an oversized delivery with 413', async () => {
    const change = env.sandbox.webhooks.comment(BRAND, { id: '17900000000000301', mediaId: '1', text: 'x'.repeat(300 * 1024) });
    const response = await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-ig-secret' });
    expect(response.status).toBe(413);
    await settle();
    expect(events).toEqual([]);
  });

  it('verifies the bytes as sent: a re-serialised body with the original signature is refused', async () => {
    const raw = `{"object":"instagram","entry":[{"id":"${BRAND}","time":${Math.floor(Date.now() / 1000)},"changes":[{"field":"comments","value":{"id":"17900000000000401","text":"caf\\u00e9","media":{"id":"1"}}}]}]}`;
    const signature = webhookSignature(raw, 'sandbox-ig-secret');
    const reserialised = JSON.stringify(JSON.parse(raw));
    const refused = await env.app.http().post(PATH).set('Content-Type', 'application/json').set('X-Hub-Signature-256', signature).send(reserialised);
    expect(refused.status).toBe(403);
    const accepted = await env.app.http().post(PATH).set('Content-Type', 'application/json').set('X-Hub-Signature-256', signature).send(raw);
    expect(accepted.status).toBe(200);
    await waitFor(async () => events.length > 0);
    expect(events[0].payload.comment.text).toBe('café');
  });

  it('answers 400, not 500, to a signed body that is not JSON or not a delivery', async () => {
    for (const raw of ['not json', '{"object":"instagram"}', '[]']) {
      const response = await env.app.http().post(PATH).set('Content-Type', 'application/json').set('X-Hub-Signature-256', webhookSignature(raw, 'sandbox-ig-secret')).send(raw);
      expect(response.status).toBe(400);
    }
  });

  it('still lets the body guard refuse compressed bodies on other plugin paths and this one', async () => {
    for (const path of [PATH, '/api/instagram-publisher/meta/deauthorize']) {
      const response = await env.app.http().post(path).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
      expect(response.status).toBe(415);
    }
  });
});

describe('subscribing accounts on connect', () => {
  it('subscribes an Instagram Login account to comments and mentions', async () => {
    env.sandbox.clearCalls();
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_creator' });
    expect(location.searchParams.get('connected')).toBeTruthy();
    const call = env.sandbox.lastCall({ method: 'POST', path: /\/subscribed_apps$/ });
    expect(call).toMatchObject({ api: 'instagramGraph', path: '/17841400000000002/subscribed_apps', status: 200 });
    expect(env.sandbox.webhookSubscriptions()['ig:17841400000000002']).toEqual(['comments', 'mentions']);
  });

  it('subscribes the Page of a Facebook Login account with its Page token', async () => {
    const studio = env.sandbox.accounts.listPages().find((page: any) => page.name?.includes('Studio'))!;
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'facebook', pages: [studio.id] });
    expect(location.searchParams.get('connected')).toBeTruthy();
    expect(env.sandbox.lastCall({ method: 'POST', path: `/${studio.id}/subscribed_apps` })).toMatchObject({ api: 'facebookGraph', status: 200 });
    expect(env.sandbox.webhookSubscriptions()[`page:${studio.id}`]).toEqual(['feed']);
  });

  it('connects anyway when the subscription is refused (comments permission declined), and records why', async () => {
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand', decline: ['instagram_business_manage_comments'] });
    const connectedId = location.searchParams.get('connected');
    expect(connectedId).toBeTruthy();
    expect(env.sandbox.lastCall({ method: "POST", path: `/${BRAND}/subscribed_apps` })?.status).toBeGreaterThanOrEqual(400);
    const record = await env.app.strapi.plugin('instagram-publisher').service('store').get().settings.get(`webhook-subscription:${connectedId}`);
    expect(record).toMatchObject({ subscribed: false, error: expect.any(String) });
  });

  it('subscribes an end user’s accounts too (both logins), and their comments raise the same event', async () => {
    // Given an app user connecting an Instagram Login account and a Facebook Login Page
    const user = await registerUser(env.app, 'webhook-user');
    env.sandbox.clearCalls();
    const [creator] = await connectAs(env.app, user, { flow: 'instagram', account: 'sandbox_creator' });
    const cafe = env.sandbox.accounts.listPages().find((page: any) => page.name?.includes('Cafe'))!;
    await connectAs(env.app, user, { flow: 'facebook', pages: [cafe.id] });
    // Then both were subscribed on Meta
    expect(env.sandbox.count({ method: 'POST', path: `/${creator.instagramUserId}/subscribed_apps`, status: 200 })).toBe(1);
    expect(env.sandbox.count({ method: 'POST', path: `/${cafe.id}/subscribed_apps`, status: 200 })).toBe(1);
    // And a comment on the user's account is announced like any other
    events = [];
    const change = env.sandbox.webhooks.comment(cafe.igUserId!, { id: '17900000000000501', mediaId: '18000000000000005', text: 'Reply', parentId: '17900000000000500' });
    expect((await env.sandbox.webhooks.deliver(url, { entry: [change] }, { secret: 'sandbox-fb-secret' })).status).toBe(200);
    await waitFor(async () => events.length > 0);
    expect(events[0].payload).toMatchObject({ comment: { id: '17900000000000501', parentId: '17900000000000500' }, account: { id: cafe.igUserId, username: 'sandbox_cafe' } });
  });
});
