import { randomBytes } from 'node:crypto';
import { hashOf } from '../../../server/src/services/oauth-grants';
import { userOwner, ADMIN_OWNER } from '../../../server/src/store/types';
import { capturedLogs } from '../harness/logs';
import { runFlow, trackIssuedSecrets } from '../harness/oauth';
import { expireOAuthRecords } from '../harness/raw-store';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import {
  answered,
  completeMine,
  CONNECT_ACTIONS,
  connectAs,
  deleteMine,
  deliverUserCallback,
  grantActions,
  listMine,
  registerUser,
  resultOf,
  RETURN_TO,
  runUserFlow,
  setEndUsersConfig,
  startMine,
  startUserFlow,
  storeOf,
  type EndUserSession,
} from './connect-harness';

const BRAND = '17841400000000001';
const CREATOR = '17841400000000002';

let env: SandboxedApp;
let issuedSecrets: () => string[];
const app = () => env.app;
const store = () => storeOf(env.app.strapi);

beforeAll(async () => {
  env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
  issuedSecrets = trackIssuedSecrets(env.sandbox);
  await grantActions(env.app.strapi, CONNECT_ACTIONS);
});
afterAll(async () => {
  await env?.stop();
});

describe('Instagram Login, end to end', () => {
  let alice: EndUserSession;
  let result: string;
  let callbackUrl: URL;

  it('sends the browser back to returnTo with a one-time result, keeping its query, never a code or token', async () => {
    // Given a signed-up user
    alice = await registerUser(app(), 'alice');

    // When they start Instagram Login for their app's integrations page
    const flow = await startUserFlow(app(), alice, { flow: 'instagram', account: 'sandbox_brand' });
    callbackUrl = flow.callbackUrl;

    // Then the start answered Meta's consent URL and when the attempt expires
    expect(flow.start.body.data.authUrl).toMatch(/\/ig-www\/oauth\/authorize\?/);
    const minutesLeft = (Date.parse(flow.start.body.data.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(9);
    expect(minutesLeft).toBeLessThanOrEqual(10);
    // And no cookie is needed: the callback is delivered without one
    expect(flow.start.headers['set-cookie']).toBeUndefined();
    const location = await deliverUserCallback(app(), callbackUrl);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/settings/integrations');
    expect(location.searchParams.get('tab')).toBe('instagram');
    result = resultOf(location);
    expect(result).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...location.searchParams.keys()].sort()).toEqual(['result', 'tab']);
    expect(location.href).not.toContain(callbackUrl.searchParams.get('code')!);
    // And the result is stored hashed, bound to the user
    const stored = await store().oauth.find(hashOf(result), 'result');
    expect(stored).toMatchObject({ kind: 'result', userId: `user:${alice.id}`, flow: 'instagram' });
    expect(await store().oauth.find(result, 'result')).toBeNull();
  });

  it('connects the account for that user only when the same user completes it', async () => {
    // When the front end completes the result with the user's JWT
    const completed = await completeMine(app(), alice, { result });

    // Then the account is connected, and answered without a token
    expect(completed.status).toBe(200);
    expect(completed.body.data.status).toBe('connected');
    expect(completed.body.data.connections).toHaveLength(1);
    const view = completed.body.data.connections[0];
    expect(view).toMatchObject({
      loginKind: 'instagram',
      instagramUserId: BRAND,
      pageName: null,
      health: 'healthy',
      healthReason: null,
      healthAction: null,
      profile: { username: 'sandbox_brand', followersCount: expect.any(Number), biography: expect.any(String) },
    });
    expect(Object.keys(view).sort()).toEqual(
      ['connectedAt', 'health', 'healthAction', 'healthReason', 'id', 'instagramUserId', 'lastRefreshedAt', 'loginKind', 'pageName', 'profile', 'tokenExpiresAt'].sort()
    );
    const daysLeft = (Date.parse(view.tokenExpiresAt) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(59);
    // And the store holds it as the user's own, apart from the admin side
    const stored = await store().connections.findById(view.id);
    expect(stored).toMatchObject({ ownerKind: 'user', userId: alice.id, connectedByName: alice.username });
    expect(completed.text).not.toContain(stored!.accessToken!);
    const adminList = await app().http().get('/instagram-publisher/connections').set(env.admin.auth);
    expect(adminList.body.data.map((c: { id: string }) => c.id)).not.toContain(view.id);

    // And the user's list shows it with the limit
    const list = await listMine(app(), alice);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [view], meta: { maxConnections: 3 } });
  });

  it('refuses a replayed result and a replayed state', async () => {
    // A result works once
    const again = await completeMine(app(), alice, { result });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/unknown, expired or already used/);
    // Meta's redirect delivered twice finds its state used up
    const replay = await deliverUserCallback(app(), callbackUrl);
    expect(replay.searchParams.get('error')).toBe('invalid_state');
    expect(replay.searchParams.get('result')).toBeNull();
    expect((await listMine(app(), alice)).body.data).toHaveLength(1);
  });

  it('refuses an expired result and sends an expired state back to returnTo with invalid_state', async () => {
    // Given a result that expired (written straight through the store)
    const expired = randomBytes(32).toString('base64url');
    await store().oauth.create({
      key: hashOf(expired),
      kind: 'result',
      userId: `user:${alice.id}`,
      flow: 'instagram',
      payload: { grant: { instagramUserId: CREATOR } },
      expiresAt: new Date(Date.now() - 1000),
    });
    const response = await completeMine(app(), alice, { result: expired });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/unknown, expired or already used/);

    // And a state that expired before Meta sent the browser back
    const { callbackUrl: late } = await startUserFlow(app(), alice, { flow: 'instagram', account: 'sandbox_creator' });
    await expireOAuthRecords(app(), 'state');
    const location = await deliverUserCallback(app(), late);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/settings/integrations');
    expect(location.searchParams.get('error')).toBe('invalid_state');
    expect(location.searchParams.get('message')).toMatch(/expired/);
    expect((await listMine(app(), alice)).body.data.map((c: { instagramUserId: string }) => c.instagramUserId)).toEqual([BRAND]);
  });

  it('reports a cancel on the consent page to returnTo as "cancelled"', async () => {
    const { location } = await runUserFlow(app(), alice, { flow: 'instagram', action: 'cancel' });
    expect(location.searchParams.get('error')).toBe('cancelled');
    expect(location.searchParams.get('message')).toMatch(/cancelled/);
    expect(location.searchParams.get('result')).toBeNull();
    expect(location.searchParams.get('tab')).toBe('instagram');
  });

  it('refuses unknown and malformed results as not found, a wrongly typed body with the field', async () => {
    expect((await completeMine(app(), alice, { result: randomBytes(32).toString('base64url') })).status).toBe(404);
    expect((await completeMine(app(), alice, { result: 'nope' })).status).toBe(404);
    const wrongType = await completeMine(app(), alice, { result: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.errors[0].path).toEqual(['result']);
    const missing = await completeMine(app(), alice, {});
    expect(missing.status).toBe(400);
    const badPages = await completeMine(app(), alice, { result: 'x'.repeat(43), pageIds: ['not-a-page'] });
    expect(badPages.status).toBe(400);
    expect(badPages.body.error.details.errors[0].path).toEqual(['pageIds', '0']);
  });
});

describe('Facebook Login', () => {
  let carol: EndUserSession;

  it('offers several Pages, without consuming the result, then connects the chosen ones', async () => {
    // Given a user whose Facebook account has three Pages linked to Instagram
    carol = await registerUser(app(), 'carol');
    const { location } = await runUserFlow(app(), carol, { flow: 'facebook' });
    const result = resultOf(location);

    // When they complete without choosing
    const choose = await completeMine(app(), carol, { result });

    // Then the Pages are offered, with no token
    expect(choose.status).toBe(200);
    expect(choose.body.data.status).toBe('choose_pages');
    expect(choose.body.data.pages.map((p: { username: string }) => p.username).sort()).toEqual(['sandbox_bakery', 'sandbox_cafe', 'sandbox_studio']);
    expect(Date.parse(choose.body.data.expiresAt)).toBeGreaterThan(Date.now());
    expect(choose.text).not.toMatch(/pageToken|access_token|userAccessToken/);
    // And asking again offers them again (nothing was used up)
    expect((await completeMine(app(), carol, { result })).body.data.status).toBe('choose_pages');
    // And a Page that was not offered is refused with the field
    const wrong = await completeMine(app(), carol, { result, pageIds: ['999'] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.errors[0].path).toEqual(['pageIds']);
    expect(wrong.body.error.message).toMatch(/pageIds: 999 is not among the Pages offered/);

    // When two Pages are chosen
    const pageId = (name: string) => choose.body.data.pages.find((p: { username: string }) => p.username === name).pageId;
    const chosen = await completeMine(app(), carol, { result, pageIds: [pageId('sandbox_bakery'), pageId('sandbox_cafe')] });

    // Then both are connected to the user with their Page tokens, and the result is used up
    expect(chosen.status).toBe(200);
    expect(chosen.body.data.status).toBe('connected');
    expect(chosen.body.data.connections.map((c: { profile: { username: string } }) => c.profile.username).sort()).toEqual(['sandbox_bakery', 'sandbox_cafe']);
    expect(chosen.body.data.connections[0]).toMatchObject({ loginKind: 'facebook', tokenExpiresAt: null, pageName: expect.stringMatching(/^Sandbox /) });
    for (const view of chosen.body.data.connections) {
      const stored = await store().connections.findOwned(view.id, userOwner(carol.id));
      expect(stored).toMatchObject({ loginKind: 'facebook', userAccessToken: expect.any(String), accessToken: expect.any(String) });
      expect(chosen.text).not.toContain(stored!.accessToken!);
    }
    expect((await completeMine(app(), carol, { result, pageIds: [pageId('sandbox_studio')] })).status).toBe(404);
    expect((await listMine(app(), carol)).body.data).toHaveLength(2);
  });

  it('connects the only Page at once and disconnects with a revoke once the last one goes', async () => {
    // Given a third Page connected through a flow that shared only it
    const studio = env.sandbox.accounts.listPages().find((page) => page.name?.includes('Studio'))!;
    const [connection] = await connectAs(app(), carol, { flow: 'facebook', pages: [studio.id] });
    expect(connection.profile.username).toBe('sandbox_studio');
    const mine = (await listMine(app(), carol)).body.data as Array<{ id: string }>;
    expect(mine).toHaveLength(3);

    // When the user disconnects them one by one
    env.sandbox.clearCalls();
    const revoked: boolean[] = [];
    for (const { id } of mine) {
      const response = await deleteMine(app(), carol, id);
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ id, deleted: true });
      revoked.push(response.body.data.revoked);
    }

    // Then Meta's access is revoked once, with the last connection of that Facebook user
    expect(revoked).toEqual([false, false, true]);
    expect(env.sandbox.count({ method: 'DELETE', api: 'facebookGraph', path: '/me/permissions' })).toBe(1);
    expect((await listMine(app(), carol)).body.data).toEqual([]);
    expect(await store().connections.list(userOwner(carol.id))).toEqual([]);
  });
});

describe('isolation between users', () => {
  it('never lets one user see, delete or complete what is another’s', async () => {
    // Given Dave with a connection and a result he has not completed yet
    const dave = await registerUser(app(), 'dave');
    const eve = await registerUser(app(), 'eve');
    const [daves] = await connectAs(app(), dave, { flow: 'instagram', account: 'sandbox_creator' });
    const { location } = await runUserFlow(app(), dave, { flow: 'instagram', account: 'sandbox_brand' });
    const pending = resultOf(location);

    // When Eve tries them
    const remove = await deleteMine(app(), eve, daves.id);
    const complete = await completeMine(app(), eve, { result: pending });
    const list = await listMine(app(), eve);

    // Then she gets the answers an unknown id or result gets, and sees nothing of his
    expect(remove.status).toBe(404);
    expect(remove.body.error.message).toBe((await deleteMine(app(), eve, '999999999')).body.error.message);
    expect((await deleteMine(app(), eve, 'not-an-id')).status).toBe(404);
    expect(complete.status).toBe(404);
    expect(complete.body.error.message).toBe((await completeMine(app(), eve, { result: randomBytes(32).toString('base64url') })).body.error.message);
    expect(list.body.data).toEqual([]);
    // And nothing of his changed: his connection stays, his result still completes for him
    expect((await listMine(app(), dave)).body.data.map((c: { id: string }) => c.id)).toEqual([daves.id]);
    const his = await completeMine(app(), dave, { result: pending });
    expect(his.body.data.status).toBe('connected');
    // And the admin's delete route does not reach end users' connections either
    expect((await app().http().delete(`/instagram-publisher/connections/${daves.id}`).set(env.admin.auth)).status).toBe(404);
  });

  it('gives the admin side and two users their own row and token for the same Instagram account', async () => {
    // Given the admin connected sandbox_brand, and two users connect it too
    const admin = await runFlow(app(), env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
    expect(admin.location.searchParams.get('connected')).toBeTruthy();
    const frank = await registerUser(app(), 'frank');
    const grace = await registerUser(app(), 'grace');
    await connectAs(app(), frank, { flow: 'instagram', account: 'sandbox_brand' });
    await connectAs(app(), grace, { flow: 'instagram', account: 'sandbox_brand' });

    // Then each owner has its own row, with its own token
    const rows = await Promise.all([ADMIN_OWNER, userOwner(frank.id), userOwner(grace.id)].map((owner) => store().connections.findByInstagramUserId(BRAND, owner)));
    expect(rows.map((row) => row?.ownerKind)).toEqual(['admin', 'user', 'user']);
    expect(new Set(rows.map((row) => row!.id)).size).toBe(3);
    expect(new Set(rows.map((row) => row!.accessToken)).size).toBe(3);
    // And disconnecting one user's row leaves the others alone
    await deleteMine(app(), frank, rows[1]!.id);
    expect(await store().connections.findById(rows[0]!.id)).not.toBeNull();
    expect(await store().connections.findById(rows[2]!.id)).not.toBeNull();
  });
});

describe('the connections limit', () => {
  let ivy: EndUserSession;
  let restore: () => void;

  beforeAll(async () => {
    ivy = await registerUser(app(), 'ivy');
    restore = setEndUsersConfig(app().strapi, { maxConnections: 1 });
  });
  afterAll(() => restore());

  it('checks on completion, where reconnecting an account the user has does not count', async () => {
    // Given three finished flows of a user allowed one account: brand, creator, brand again
    const results = [];
    for (const account of ['sandbox_brand', 'sandbox_creator', 'sandbox_brand']) {
      results.push(resultOf((await runUserFlow(app(), ivy, { flow: 'instagram', account })).location));
    }

    // When they are completed in turn
    const first = await completeMine(app(), ivy, { result: results[0] });
    const second = await completeMine(app(), ivy, { result: results[1] });
    const third = await completeMine(app(), ivy, { result: results[2] });

    // Then the first connects, the second is over the limit, the third reconnects the first in place
    expect(first.body.data.status).toBe('connected');
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({
      name: 'RateLimitError',
      details: { limit: 'connections', max: 1, retryAfterSeconds: null },
    });
    expect(second.headers['retry-after']).toBeUndefined();
    expect(third.body.data.connections[0].id).toBe(first.body.data.connections[0].id);
    expect((await listMine(app(), ivy)).body.data.map((c: { instagramUserId: string }) => c.instagramUserId)).toEqual([BRAND]);
    // And the refused result was not used up: it connects once there is room
    await deleteMine(app(), ivy, first.body.data.connections[0].id);
    expect((await completeMine(app(), ivy, { result: results[1] })).body.data.status).toBe('connected');
  });

  it('refuses to start a flow at the limit, unless an account needs reconnecting', async () => {
    // Given the user at the limit with a healthy account
    const start = await startMine(app(), ivy, { flow: 'instagram', returnTo: RETURN_TO });
    expect(start.status).toBe(429);
    expect(start.body.error.details).toEqual({ limit: 'connections', max: 1, retryAfterSeconds: null });
    expect(start.body.error.message).toMatch(/up to 1 Instagram account\b/);

    // When that account needs reconnecting, a flow may start
    const [mine] = await store().connections.list(userOwner(ivy.id));
    await store().connections.update(mine.id, { status: 'reconnect_needed', lastError: 'The access token is no longer valid.' });
    expect((await listMine(app(), ivy)).body.data[0]).toMatchObject({ health: 'reconnect_needed', healthAction: 'reconnect' });

    // Then reconnecting the same account succeeds, and another account is refused at the callback
    const other = await runUserFlow(app(), ivy, { flow: 'instagram', account: 'sandbox_brand' });
    expect(other.location.searchParams.get('error')).toBe('too_many_connections');
    expect(other.location.searchParams.get('message')).toMatch(/up to 1 Instagram account/);
    const [again] = await connectAs(app(), ivy, { flow: 'instagram', account: 'sandbox_creator' });
    expect(again.id).toBe(mine.id);
    expect((await listMine(app(), ivy)).body.data[0]).toMatchObject({ health: 'healthy' });
  });
});

describe('secrets', () => {
  it('never answered or logged a token, code or secret', () => {
    const secrets = [...issuedSecrets(), 'sandbox-ig-secret', 'sandbox-fb-secret'];
    expect(secrets.length).toBeGreaterThan(20);
    const bodies = answered.join('\n');
    const logs = capturedLogs().join('\n');
    expect(bodies.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(bodies).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
