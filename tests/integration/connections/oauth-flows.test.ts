import type { Store } from '../../../server/src/store/types';
import { createAdminSession } from '../harness/admin';
import { capturedLogs } from '../harness/logs';
import { deliverCallback, runFlow, startFlow, trackIssuedSecrets } from '../harness/oauth';
import { expireOAuthRecords, rawConnectionTokens } from '../harness/raw-store';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';

let env: SandboxedApp;
let issuedSecrets: () => string[];
const store = () => env.app.strapi.plugin('instagram-publisher').service('store').get() as Store;
const connections = async () => (await env.app.http().get('/instagram-publisher/connections').set(env.admin.auth)).body.data;

beforeAll(async () => {
  env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
  issuedSecrets = trackIssuedSecrets(env.sandbox);
});
afterAll(async () => {
  await env?.stop();
});

describe('Instagram Login', () => {
  it('connects an account end to end and stores only ciphertext', async () => {
    // Given the sandbox's business account
    // When the admin goes through start → authorize → callback
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });

    // Then the browser lands on the plugin's settings page with the new connection
    expect(location.pathname).toBe('/admin/settings/instagram-publisher');
    const connectedId = location.searchParams.get('connected');
    expect(connectedId).toEqual(expect.stringMatching(/^\w+$/));
    const list = await connections();
    const connection = list.find((c: any) => c.id === connectedId);
    expect(connection).toMatchObject({
      loginKind: 'instagram',
      instagramUserId: '17841400000000001', // user_id, not the app-scoped id 26000000000000001
      health: 'healthy',
      profile: { username: 'sandbox_brand', accountType: 'BUSINESS' },
      connectedBy: { id: String(env.admin.user.id) },
    });
    expect(connection.profile.followersCount).toEqual(expect.any(Number));
    const daysLeft = (Date.parse(connection.tokenExpiresAt) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(59);
    expect(daysLeft).toBeLessThan(61);
    expect(connection.scopes).toEqual(expect.arrayContaining(['instagram_business_basic', 'instagram_business_content_publish']));
    // And the code went through both exchanges and the profile read
    expect(env.sandbox.count({ api: 'instagramApi', path: '/oauth/access_token', status: 200 })).toBeGreaterThanOrEqual(1);
    expect(env.sandbox.count({ api: 'instagramGraph', path: '/access_token', status: 200 })).toBeGreaterThanOrEqual(1);
    // And the stored token is ciphertext, never the token the sandbox issued
    const raw = await rawConnectionTokens(env.app, '17841400000000001');
    const stored = await store().connections.findById(connectedId!);
    expect(raw!.accessToken).toMatch(/^v1:/);
    expect(raw!.accessToken).not.toContain(stored!.accessToken);
    expect(JSON.stringify(list)).not.toContain(stored!.accessToken);
  });

  it('accepts the flat token response with permissions as an array', async () => {
    env.sandbox.set({ instagramTokenShape: 'flat', permissionsFormat: 'array' });
    try {
      const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_creator' });
      expect(location.searchParams.get('error')).toBeNull();
      expect((await connections()).map((c: any) => c.profile.username)).toContain('sandbox_creator');
    } finally {
      env.sandbox.set({ instagramTokenShape: 'data', permissionsFormat: 'string' });
    }
  });

  it('updates a reconnected account in place', async () => {
    const before = (await connections()).filter((c: any) => c.profile.username === 'sandbox_brand');
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    const after = (await connections()).filter((c: any) => c.profile.username === 'sandbox_brand');
    expect(after).toHaveLength(1);
    expect(location.searchParams.get('connected')).toBe(before[0].id);
  });

  it('turns a cancel on the authorize page into a readable "cancelled"', async () => {
    const count = (await connections()).length;
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', action: 'cancel' });
    expect(location.searchParams.get('error')).toBe('cancelled');
    expect(location.searchParams.get('message')).toMatch(/cancelled/);
    expect((await connections()).length).toBe(count);
  });

  it('refuses a login that declined the publishing scope, naming it', async () => {
    await env.app.http().delete(`/instagram-publisher/connections/${(await connections()).find((c: any) => c.profile.username === 'sandbox_creator').id}`).set(env.admin.auth);
    const { location } = await runFlow(env.app, env.admin.auth, {
      flow: 'instagram',
      account: 'sandbox_creator',
      decline: ['instagram_business_content_publish'],
    });
    expect(location.searchParams.get('error')).toBe('missing_scopes');
    expect(location.searchParams.get('message')).toContain('instagram_business_content_publish');
    expect((await connections()).map((c: any) => c.profile.username)).not.toContain('sandbox_creator');
  });
});

describe('state and code checks', () => {
  it('refuses a replayed state and changes nothing', async () => {
    const { callbackUrl, cookie } = await startFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    const first = await deliverCallback(env.app, callbackUrl, cookie);
    expect(first.searchParams.get('connected')).toBeTruthy();
    const snapshot = JSON.stringify(await connections());
    const replay = await deliverCallback(env.app, callbackUrl, cookie);
    expect(replay.searchParams.get('error')).toBe('invalid_state');
    expect(JSON.stringify(await connections())).toBe(snapshot);
  });

  it('refuses a forged or missing state', async () => {
    const forged = await env.app.http().get('/api/instagram-publisher/oauth/callback?state=forged&code=abc');
    expect(forged.status).toBe(302);
    expect(new URL(forged.headers.location).searchParams.get('error')).toBe('invalid_state');
    const missing = await env.app.http().get('/api/instagram-publisher/oauth/callback?code=abc');
    expect(new URL(missing.headers.location).searchParams.get('error')).toBe('invalid_state');
    const arrays = await env.app.http().get('/api/instagram-publisher/oauth/callback?state=a&state=b&code[x]=1');
    expect(arrays.status).toBe(302);
  });

  it('refuses a state completed from another browser (no matching cookie)', async () => {
    const { callbackUrl } = await startFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    const elsewhere = await deliverCallback(env.app, callbackUrl, '');
    expect(elsewhere.searchParams.get('error')).toBe('invalid_state');
  });

  it('refuses an expired state', async () => {
    const { callbackUrl, cookie } = await startFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    await expireOAuthRecords(env.app, 'state');
    const location = await deliverCallback(env.app, callbackUrl, cookie);
    expect(location.searchParams.get('error')).toBe('invalid_state');
  });

  it('reports a reused code as a readable exchange failure', async () => {
    const first = await startFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    await deliverCallback(env.app, first.callbackUrl, first.cookie);
    // A new state, but Meta's old (already used) code
    const second = await startFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    const reused = new URL(second.callbackUrl);
    reused.searchParams.set('code', first.callbackUrl.searchParams.get('code')!);
    const location = await deliverCallback(env.app, reused, second.cookie);
    expect(location.searchParams.get('error')).toBe('exchange_failed');
  });

  it('reports an unreachable Meta and a Meta error without saving half a connection', async () => {
    const count = (await connections()).length;
    const fault = env.sandbox.inject({ match: { api: 'instagramApi' }, times: 1, dropConnection: true });
    const down = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_creator' });
    expect(down.location.searchParams.get('error')).toBe('unreachable');
    fault.remove();
    env.sandbox.inject({ match: { api: 'instagramGraph', path: '/me' }, times: 1, error: { httpStatus: 400, code: 190, subcode: 460, message: 'Error validating access token' } });
    const metaError = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_creator' });
    expect(metaError.location.searchParams.get('error')).toBe('meta_error');
    expect((await connections()).length).toBe(count);
  });

  it('never redirects to a URL taken from the request', async () => {
    const response = await env.app
      .http()
      .get('/api/instagram-publisher/oauth/callback?state=x&redirect_uri=https://evil.example/')
      .set('Host', 'evil.example');
    expect(new URL(response.headers.location).host).not.toBe('evil.example');
  });
});

describe('Facebook Login', () => {
  it('offers a choice when several Pages qualify and connects the chosen ones with Page tokens', async () => {
    // Given the fixture Facebook user with three Pages linked to Instagram (and one without)
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'facebook' });
    const pendingId = location.searchParams.get('pending');
    expect(pendingId).toMatch(/^[a-f0-9]{32}$/);

    // When the admin lists the pending choice (following /me/accounts pagination)
    const pending = await env.app.http().get(`/instagram-publisher/oauth/pending/${pendingId}`).set(env.admin.auth);
    expect(pending.status).toBe(200);
    expect(pending.body.data.pages.map((p: any) => p.username).sort()).toEqual(['sandbox_bakery', 'sandbox_cafe', 'sandbox_studio']);
    expect(JSON.stringify(pending.body)).not.toMatch(/access_token|pageToken|sbx-/);

    // Then another admin cannot see or complete it
    const other = await createAdminSession(env.app.strapi);
    expect((await env.app.http().get(`/instagram-publisher/oauth/pending/${pendingId}`).set(other.auth)).status).toBe(404);

    // And an unknown Page id is refused with the field
    const wrong = await env.app.http().post(`/instagram-publisher/oauth/pending/${pendingId}/select`).set(env.admin.auth).send({ pageIds: ['999'] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/pageIds/);

    // When two Pages are chosen
    const bakery = pending.body.data.pages.find((p: any) => p.username === 'sandbox_bakery');
    const cafe = pending.body.data.pages.find((p: any) => p.username === 'sandbox_cafe');
    const selected = await env.app
      .http()
      .post(`/instagram-publisher/oauth/pending/${pendingId}/select`)
      .set(env.admin.auth)
      .send({ pageIds: [bakery.pageId, cafe.pageId] });
    expect(selected.status).toBe(200);
    expect(selected.body.data.map((c: any) => c.profile.username).sort()).toEqual(['sandbox_bakery', 'sandbox_cafe']);
    expect(selected.body.data[0]).toMatchObject({ loginKind: 'facebook', tokenExpiresAt: null });
    expect(selected.body.data[0].dataAccessExpiresAt).toBeTruthy();
    // And every Facebook Graph call carried a valid appsecret_proof
    expect(env.sandbox.stats.appsecretProof.missing).toBe(0);
    expect(env.sandbox.stats.appsecretProof.invalid).toBe(0);
    expect(env.sandbox.stats.appsecretProof.valid).toBeGreaterThan(0);
    // And the choice is used up
    const again = await env.app.http().post(`/instagram-publisher/oauth/pending/${pendingId}/select`).set(env.admin.auth).send({ pageIds: [bakery.pageId] });
    expect(again.status).toBe(404);
  });

  it('connects directly when one Page qualifies', async () => {
    const studioPage = env.sandbox.accounts.listPages().find((page: any) => page.name?.includes('Studio'));
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'facebook', pages: [studioPage!.id] });
    const connectedId = location.searchParams.get('connected');
    expect((await connections()).find((c: any) => c.id === connectedId)?.profile.username).toBe('sandbox_studio');
  });

  it('explains when no shared Page has an Instagram account', async () => {
    const notes = env.sandbox.accounts.listPages().find((page: any) => page.name?.includes('Notes'));
    const { location } = await runFlow(env.app, env.admin.auth, { flow: 'facebook', pages: [notes!.id] });
    expect(location.searchParams.get('error')).toBe('no_instagram_account');
  });

  it('revokes on Meta only when the last connection of that Facebook user is disconnected', async () => {
    const list = await connections();
    const facebook = list.filter((c: any) => c.loginKind === 'facebook');
    expect(facebook.length).toBeGreaterThanOrEqual(2);
    env.sandbox.clearCalls();
    const results = [];
    for (const connection of facebook) {
      const response = await env.app.http().delete(`/instagram-publisher/connections/${connection.id}`).set(env.admin.auth);
      expect(response.status).toBe(200);
      results.push(response.body.data);
    }
    expect(results.map((r) => r.revoked)).toEqual([...facebook.slice(1).map(() => false), true]);
    expect(env.sandbox.count({ method: 'DELETE', api: 'facebookGraph', path: '/me/permissions' })).toBe(1);
    // The connections and their tokens are gone from the store, not flagged
    expect((await store().connections.list()).filter((connection) => connection.loginKind === 'facebook')).toEqual([]);
    for (const connection of facebook) expect(await rawConnectionTokens(env.app, connection.instagramUserId)).toBeNull();
  });
});

describe('routes, permissions and bad input', () => {
  it('validates input with the failing field and never answers 500', async () => {
    const badFlow = await env.app.http().post('/instagram-publisher/oauth/start').set(env.admin.auth).send({ flow: 'myspace' });
    expect(badFlow.status).toBe(400);
    expect(badFlow.body.error.details.errors[0].path).toEqual(['flow']);
    const noBody = await env.app.http().post('/instagram-publisher/oauth/start').set(env.admin.auth);
    expect(noBody.status).toBe(400);
    const badPending = await env.app.http().get('/instagram-publisher/oauth/pending/not-hex').set(env.admin.auth);
    expect(badPending.status).toBe(400);
    const badSelect = await env.app.http().post(`/instagram-publisher/oauth/pending/${'a'.repeat(32)}/select`).set(env.admin.auth).send({ pageIds: 'x' });
    expect(badSelect.status).toBe(400);
    expect((await env.app.http().delete('/instagram-publisher/connections/424242').set(env.admin.auth)).status).toBe(404);
    expect((await env.app.http().post('/instagram-publisher/connections/nope/refresh').set(env.admin.auth)).status).toBe(404);
  });

  it('requires the plugin permissions', async () => {
    const editor = await createAdminSession(env.app.strapi, { roleCodes: ['strapi-editor'] });
    expect((await env.app.http().get('/instagram-publisher/connections')).status).toBe(401);
    expect((await env.app.http().get('/instagram-publisher/connections').set(editor.auth)).status).toBe(403);
    expect((await env.app.http().post('/instagram-publisher/oauth/start').set(editor.auth).send({ flow: 'instagram' })).status).toBe(403);
  });

  it('refreshes a connection now (token and profile)', async () => {
    const connection = (await connections()).find((c: any) => c.loginKind === 'instagram');
    // Meta refuses refreshes of tokens under 24 h old, so only the profile moves.
    env.sandbox.accounts.updateInstagramAccount('sandbox_brand', { followersCount: 4321 });
    const response = await env.app.http().post(`/instagram-publisher/connections/${connection.id}/refresh`).set(env.admin.auth);
    expect(response.status).toBe(200);
    expect(response.body.data.profile.followersCount).toBe(4321);
  });

  it('never logs a token, code or secret', () => {
    const logs = capturedLogs().join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const secrets = [...issuedSecrets(), 'sandbox-ig-secret', 'sandbox-fb-secret'];
    expect(secrets.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
