import { DEFAULT_GRAPH_API_VERSION } from '../../../server/src/instagram/endpoints';
import { REFRESH_JOB_NAME } from '../../../server/src/services/token-refresh';
import type { Connection, Store } from '../../../server/src/store/types';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { connectionFactory } from '../store/contract';

const DAY = 86_400_000;
let env: SandboxedApp;
const store = () => env.app.strapi.plugin('instagram-publisher').service('store').get() as Store;
const refresh = () => env.app.strapi.plugin('instagram-publisher').service('tokenRefresh');

let accountSequence = 0;
/** An Instagram Login connection whose token the sandbox really issued, with chosen ages. */
const seedInstagram = async ({ issuedDaysAgo, expiresInDays, lastSyncedDaysAgo = 0 }: { issuedDaysAgo: number; expiresInDays: number; lastSyncedDaysAgo?: number }) => {
  accountSequence += 1;
  const account = env.sandbox.accounts.addInstagramAccount({ username: `refresh_${accountSequence}`, followersCount: 100 + accountSequence });
  const now = Date.now();
  const issued = env.sandbox.issueToken({
    kind: 'instagram',
    account: account.username,
    issuedAt: now - issuedDaysAgo * DAY,
    expiresAt: now + expiresInDays * DAY,
  });
  return store().connections.upsertByInstagramUserId(
    connectionFactory({
      instagramUserId: account.userId,
      accessToken: issued.accessToken,
      tokenIssuedAt: new Date(now - issuedDaysAgo * DAY),
      tokenExpiresAt: new Date(now + expiresInDays * DAY),
      lastSyncedAt: new Date(now - lastSyncedDaysAgo * DAY),
      profile: { ...connectionFactory().profile, username: account.username },
    })
  );
};

const reload = async (connection: Connection) => (await store().connections.findById(connection.id))!;
const refreshCalls = () => env.sandbox.count({ api: 'instagramGraph', path: '/refresh_access_token' });

beforeAll(async () => {
  env = await startSandboxedApp();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => env.sandbox.clearCalls());

describe('token refresh job', () => {
  it('is registered with Strapi cron under its name', () => {
    expect(env.app.strapi.cron.jobs.map((job: { name: string | null }) => job.name)).toContain(REFRESH_JOB_NAME);
  });

  it('refreshes due tokens, leaves the rest, and spends one call per token', async () => {
    // Given a due token, a token far from expiry, and one younger than 24 hours
    const due = await seedInstagram({ issuedDaysAgo: 50, expiresInDays: 10 });
    const notDue = await seedInstagram({ issuedDaysAgo: 10, expiresInDays: 50 });
    const young = await seedInstagram({ issuedDaysAgo: 0.5, expiresInDays: 5 });

    // When the job runs (as the cron would)
    const job = env.app.strapi.cron.jobs.find((entry: { name: string | null }) => entry.name === REFRESH_JOB_NAME) as any;
    job.job.invoke();
    for (let waited = 0; (await reload(due)).accessToken === due.accessToken && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // And a second run right after finds nothing left to do
    const summary = await refresh().run();

    // Then only the due token was refreshed, once, to a fresh 60-day token that works
    const refreshed = await reload(due);
    expect(refreshed.accessToken).not.toBe(due.accessToken);
    expect((refreshed.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
    expect(refreshed.lastRefreshedAt).not.toBeNull();
    expect(env.sandbox.accounts.tokenInfo(refreshed.accessToken!)).toBeTruthy();
    expect((await reload(notDue)).accessToken).toBe(notDue.accessToken);
    expect((await reload(young)).accessToken).toBe(young.accessToken);
    // Profiles synced recently are not re-read: one call per refreshed token
    expect(env.sandbox.count({ api: 'instagramGraph', path: '/me' })).toBe(0);
    expect(summary.outcomes.refreshed).toBe(0);
    expect(refreshCalls()).toBe(1);
  });

  it('reads the profile at most once a day on the way', async () => {
    const stale = await seedInstagram({ issuedDaysAgo: 50, expiresInDays: 10, lastSyncedDaysAgo: 2 });
    env.sandbox.accounts.updateInstagramAccount(stale.profile.username, { followersCount: 9999 });
    await refresh().run();
    const after = await reload(stale);
    expect(after.profile.followersCount).toBe(9999);
    expect(env.sandbox.count({ api: 'instagramGraph', path: '/me' })).toBe(1);
    // Graph calls use the default version, set in one place
    expect(env.sandbox.findCalls({ api: 'instagramGraph', path: '/me' })[0].version).toBe(DEFAULT_GRAPH_API_VERSION);
  });

  it('marks an expired token reconnect_needed without calling Meta', async () => {
    const expired = await seedInstagram({ issuedDaysAgo: 70, expiresInDays: -1 });
    await refresh().run();
    const after = await reload(expired);
    expect(after.status).toBe('reconnect_needed');
    expect(after.lastError).toMatch(/expired/);
    expect(refreshCalls()).toBe(0);
  });

  it('stops retrying a token Meta rejects with 190 and says why', async () => {
    const revoked = await seedInstagram({ issuedDaysAgo: 40, expiresInDays: 12 });
    env.sandbox.accounts.invalidateToken(revoked.accessToken!, 460);
    await refresh().run();
    const after = await reload(revoked);
    expect(after.status).toBe('reconnect_needed');
    expect(after.lastError).toMatch(/Connect the account again/);
    const calls = refreshCalls();
    await refresh().run();
    expect(refreshCalls()).toBe(calls);
    const view = (await env.app.http().get('/instagram-publisher/connections').set(env.admin.auth)).body.data.find((c: any) => c.id === revoked.id);
    expect(view.health).toBe('reconnect_needed');
  });

  it('marks a checkpointed account "action required" without losing its token, checks it on every run, and clears it once Meta accepts it', async () => {
    // Given an account far from expiry that Instagram checkpoints (190/459)
    const checkpointed = await seedInstagram({ issuedDaysAgo: 40, expiresInDays: 12 });
    const fault = env.sandbox.inject({
      match: { api: 'instagramGraph', path: '/refresh_access_token', params: { access_token: checkpointed.accessToken! } },
      error: { httpStatus: 400, code: 190, subcode: 459, message: 'Error validating access token: The user is enrolled in a blocking, logged-in checkpoint' },
    });
    // When the job runs
    const first = await refresh().run();
    // Then the account is marked as the worker marks it: the user must act in the Instagram app, the token stays
    const marked = await reload(checkpointed);
    expect(first.outcomes.action_required).toBeGreaterThanOrEqual(1);
    expect(marked).toMatchObject({ status: 'action_required', accessToken: checkpointed.accessToken, lastError: expect.stringMatching(/Open the Instagram app/) });
    const card = (await env.app.http().get('/instagram-publisher/connections').set(env.admin.auth)).body.data.find((c: any) => c.id === checkpointed.id);
    expect(card).toMatchObject({ health: 'action_required', healthAction: 'open_instagram_app' });
    // When the owner has acted in the app and the next run comes, its token no longer due
    fault.remove();
    const notDue = await store().connections.update(checkpointed.id, { tokenExpiresAt: new Date(Date.now() + 50 * DAY) });
    expect(notDue?.status).toBe('action_required');
    env.sandbox.clearCalls();
    await refresh().run();
    // Then that run still visits it, Meta accepts the token, and the account is active again
    expect(refreshCalls()).toBe(1);
    expect(await reload(checkpointed)).toMatchObject({ status: 'active', lastError: null });
  });

  it('marks a token whose permission was removed "reconnect needed" with "grant permissions" as the action', async () => {
    const limited = await seedInstagram({ issuedDaysAgo: 40, expiresInDays: 12 });
    env.sandbox.inject({
      match: { api: 'instagramGraph', path: '/refresh_access_token', params: { access_token: limited.accessToken! } },
      times: 1,
      error: { httpStatus: 403, code: 10, message: '(#10) Application does not have permission for this action' },
    });
    await refresh().run();
    expect(await reload(limited)).toMatchObject({ status: 'reconnect_needed', lastError: expect.stringMatching(/allow every permission asked/) });
    const card = (await env.app.http().get('/instagram-publisher/connections').set(env.admin.auth)).body.data.find((c: any) => c.id === limited.id);
    expect(card).toMatchObject({ health: 'reconnect_needed', healthAction: 'grant_permissions' });
  });

  it('keeps a token due after a transient failure', async () => {
    const flaky = await seedInstagram({ issuedDaysAgo: 40, expiresInDays: 11 });
    const fault = env.sandbox.inject({
      match: { api: 'instagramGraph', path: '/refresh_access_token', params: { access_token: flaky.accessToken! } },
      times: 10,
      error: { httpStatus: 500, code: 2, message: 'Service temporarily unavailable' },
    });
    await refresh().run();
    const after = await reload(flaky);
    expect(after.status).toBe('active');
    expect(after.accessToken).toBe(flaky.accessToken);
    expect(after.lastError).toMatch(/Last refresh failed/);
    expect(after.refreshLockedUntil).toBeNull();
    fault.remove();
    await refresh().run();
    expect((await reload(flaky)).accessToken).not.toBe(flaky.accessToken);
  });

  it('checks Facebook Page tokens with debug_token and records data access expiry', async () => {
    const page = env.sandbox.issueToken({ kind: 'facebook-page', page: 'sandbox_bakery' });
    const connection = await store().connections.upsertByInstagramUserId(
      connectionFactory({ loginKind: 'facebook', instagramUserId: page.igUserId!, accessToken: page.accessToken, tokenExpiresAt: null, dataAccessExpiresAt: null })
    );
    await refresh().run();
    const after = await reload(connection);
    expect(after.dataAccessExpiresAt).not.toBeNull();
    expect(after.lastRefreshedAt).not.toBeNull();
    expect(env.sandbox.count({ api: 'facebookGraph', path: '/debug_token' })).toBeGreaterThanOrEqual(1);
    env.sandbox.accounts.invalidateToken(page.accessToken, 460);
    await refresh().run();
    expect((await reload(connection)).status).toBe('reconnect_needed');
  });

  it('refreshes each token once when several runs race on one database', async () => {
    const seeded = [];
    for (let i = 0; i < 12; i += 1) seeded.push(await seedInstagram({ issuedDaysAgo: 45, expiresInDays: 9 }));
    const summaries = await Promise.all([refresh().run(), refresh().run(), refresh().run()]);
    const refreshed = summaries.reduce((sum, s) => sum + s.outcomes.refreshed, 0);
    expect(refreshed).toBe(12);
    expect(summaries.reduce((sum, s) => sum + s.claimedElsewhere, 0)).toBeGreaterThan(0);
    expect(refreshCalls()).toBe(12);
    for (const connection of seeded) expect((await reload(connection)).accessToken).not.toBe(connection.accessToken);
  });

  it('leaves a token that another run refreshed after this run listed it', async () => {
    // Given a due token, listed by one run before another run refreshes it and frees its claim
    const due = await seedInstagram({ issuedDaysAgo: 45, expiresInDays: 9 });
    const connections = store().connections;
    const stale = await connections.listDueForRefresh({ loginKind: 'instagram', expiresBefore: new Date(Date.now() + 15 * DAY), after: null, limit: 500 });
    expect(stale.map((connection) => connection.id)).toContain(due.id);
    await refresh().run();
    const refreshed = await reload(due);
    expect(refreshed.accessToken).not.toBe(due.accessToken);

    // When the slower run goes on from its listing (its claim succeeds: the lock is free again)
    const list = connections.listDueForRefresh;
    connections.listDueForRefresh = async (query) =>
      query.loginKind === 'instagram' && !query.after ? stale.filter((connection) => connection.id === due.id) : list.call(connections, query);
    let summary;
    try {
      summary = await refresh().run();
    } finally {
      connections.listDueForRefresh = list;
    }

    // Then it does not spend the old token again, and the new one stands
    expect(summary.outcomes.refreshed).toBe(0);
    expect(summary.claimedElsewhere).toBe(1);
    expect(env.sandbox.findCalls({ api: 'instagramGraph', path: '/refresh_access_token' }).filter((call) => call.token === due.accessToken)).toHaveLength(1);
    expect((await reload(due)).accessToken).toBe(refreshed.accessToken);
    expect((await reload(due)).refreshLockedUntil).toBeNull();
  });
});
