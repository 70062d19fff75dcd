import type { Store } from '../../../server/src/store/types';
import { signedRequest } from '../../sandbox';
import { rawConnectionTokens } from '../harness/raw-store';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { connectionFactory } from '../store/contract';

let env: SandboxedApp;
const store = () => env.app.strapi.plugin('instagram-publisher').service('store').get() as Store;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const payload = (userId: string, issuedAt = nowSeconds()) => ({ algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: userId });

beforeAll(async () => {
  env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
});
afterAll(async () => {
  await env?.stop();
});

describe('Meta deauthorize callback', () => {
  it('deactivates the user’s connection and destroys its token', async () => {
    const connection = await store().connections.upsertByInstagramUserId(connectionFactory({ appScopedUserId: '26000000000009001' }));
    const response = await env.app
      .http()
      .post('/api/instagram-publisher/meta/deauthorize')
      .type('form')
      .send({ signed_request: signedRequest(payload('26000000000009001'), 'sandbox-ig-secret') });
    expect(response.status).toBe(200);
    const after = await store().connections.findById(connection.id);
    expect(after).toMatchObject({ isActive: false, status: 'deauthorized', accessToken: null });
    expect(await rawConnectionTokens(env.app, connection.instagramUserId)).toEqual({ accessToken: null, userAccessToken: null });
  });

  it('accepts the Facebook app secret for Facebook Login users', async () => {
    const connection = await store().connections.upsertByInstagramUserId(connectionFactory({ loginKind: 'facebook', appScopedUserId: '10100000000009002' }));
    const response = await env.app
      .http()
      .post('/api/instagram-publisher/meta/deauthorize')
      .type('form')
      .send({ signed_request: signedRequest(payload('10100000000009002'), 'sandbox-fb-secret') });
    expect(response.status).toBe(200);
    expect((await store().connections.findById(connection.id))?.status).toBe('deauthorized');
  });

  it.each([
    ['a forged signature', () => signedRequest(payload('26000000000009003'), 'not-the-secret')],
    ['a stale request', () => signedRequest(payload('26000000000009003', nowSeconds() - 2 * 86_400), 'sandbox-ig-secret')],
    ['a malformed value', () => 'not-a-signed-request'],
    ['a payload with another algorithm', () => signedRequest({ ...payload('26000000000009003'), algorithm: 'HMAC-MD5' }, 'sandbox-ig-secret')],
  ])('refuses %s with 400 and changes nothing', async (_label, make) => {
    const connection = await store().connections.upsertByInstagramUserId(connectionFactory({ appScopedUserId: '26000000000009003' }));
    const response = await env.app.http().post('/api/instagram-publisher/meta/deauthorize').type('form').send({ signed_request: make() });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/signed_request/);
    expect((await store().connections.findById(connection.id))).toMatchObject({ isActive: true, accessToken: connection.accessToken });
  });

  it('refuses a request without signed_request', async () => {
    const response = await env.app.http().post('/api/instagram-publisher/meta/deauthorize').send({});
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['signed_request']);
  });
});

describe('Meta data-deletion callback', () => {
  it('deletes the user’s data and answers a status URL with a confirmation code', async () => {
    const connection = await store().connections.upsertByInstagramUserId(connectionFactory({ appScopedUserId: '26000000000009100' }));
    const response = await env.app
      .http()
      .post('/api/instagram-publisher/meta/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest(payload('26000000000009100'), 'sandbox-ig-secret') });
    expect(response.status).toBe(200);
    expect(response.body.confirmation_code).toMatch(/^[a-f0-9]{24}$/);
    expect(response.body.url).toContain(`/api/instagram-publisher/meta/data-deletion/${response.body.confirmation_code}`);
    expect(await store().connections.findById(connection.id)).toBeNull();

    const status = await env.app.http().get(new URL(response.body.url).pathname);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ confirmation_code: response.body.confirmation_code, status: 'completed', deletedConnections: 1 });
    expect((await env.app.http().get('/api/instagram-publisher/meta/data-deletion/000000000000000000000000')).status).toBe(404);
    expect((await env.app.http().get('/api/instagram-publisher/meta/data-deletion/nope')).status).toBe(400);
  });

  it('refuses a forged request and deletes nothing', async () => {
    const connection = await store().connections.upsertByInstagramUserId(connectionFactory({ appScopedUserId: '26000000000009101' }));
    const response = await env.app
      .http()
      .post('/api/instagram-publisher/meta/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest(payload('26000000000009101'), 'forged') });
    expect(response.status).toBe(400);
    expect(await store().connections.findById(connection.id)).not.toBeNull();
  });
});
