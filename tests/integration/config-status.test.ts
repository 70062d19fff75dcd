import { startTestApp, type TestApp } from './harness/strapi';
import { createAdminSession } from './harness/admin';
import { DEFAULT_GRAPH_API_VERSION } from '../../server/src/instagram/endpoints';
import { REFRESH_JOB_NAME } from '../../server/src/services/token-refresh';
import { expectedStoreKind } from './harness/mongo';

describe('GET /instagram-publisher/config-status', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('loads the plugin into the app', () => {
    // Given the booted test app
    // Then the plugin is registered with its hidden content types
    expect(app.strapi.plugin('instagram-publisher')).toBeDefined();
    const connection = app.strapi.contentType('plugin::instagram-publisher.connection' as any) as any;
    expect(connection.pluginOptions['content-manager'].visible).toBe(false);
    expect(connection.pluginOptions['content-type-builder'].visible).toBe(false);
  });

  it('answers 401 without an admin session', async () => {
    const response = await app.http().get('/instagram-publisher/config-status');
    expect(response.status).toBe(401);
  });

  it('describes the configuration to an admin without revealing any secret', async () => {
    // Given a logged-in super admin
    const { auth } = await createAdminSession(app.strapi);
    // When they read the configuration status
    const response = await app.http().get('/instagram-publisher/config-status').set(auth);
    // Then it lists the flows, URLs to paste into Meta's dashboard, store and Graph version
    expect(response.status).toBe(200);
    const status = response.body.data;
    expect(status.configured).toBe(true);
    expect(status.sandbox).toBe(true);
    expect(status.flows.instagram).toEqual({ configured: true, appId: 'sandbox-ig-app', appSecretPresent: true });
    expect(status.redirectUri).toMatch(/\/api\/instagram-publisher\/oauth\/callback$/);
    expect(status.callbacks.deauthorize).toMatch(/\/api\/instagram-publisher\/meta\/deauthorize$/);
    // And the webhook callback URL, with whether a verify token is set (never the token itself)
    expect(status.webhooks).toEqual({ callbackUrl: expect.stringMatching(/\/api\/instagram-publisher\/webhooks$/), verifyTokenConfigured: true });
    expect(status.store).toBe(expectedStoreKind());
    expect(status.graphApiVersion).toBe(DEFAULT_GRAPH_API_VERSION);
    // And when the token refresh runs next, as Strapi's cron has it scheduled
    const job = app.strapi.cron.jobs.find((entry: { name: string | null }) => entry.name === REFRESH_JOB_NAME) as any;
    expect(status.refresh).toEqual({ enabled: true, cron: '0 3 * * *', nextRunAt: job.job.nextInvocation().toISOString() });
    // "0 3 * * *": within the next day, at 03:00 server time
    expect(Date.parse(status.refresh.nextRunAt) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(status.refresh.nextRunAt) - Date.now()).toBeLessThanOrEqual(25 * 3_600_000);
    expect(new Date(status.refresh.nextRunAt).getHours()).toBe(3);
    // And no secret appears anywhere in it
    const body = JSON.stringify(response.body);
    expect(body).not.toContain('sandbox-ig-secret');
    expect(body).not.toContain('sandbox-fb-secret');
    expect(body).not.toContain('playground-webhook-verify-token');
    expect(body).not.toContain('cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=');
  });

  it('opens to the roles that may open the settings page, and to no one else', async () => {
    // Given roles holding one plugin action each, and Strapi's Editor role (none of them)
    const roleWith = async (action: string) => {
      const role = await app.strapi.service('admin::role').create({ name: `Only ${action} ${Date.now()}`, description: 'test' });
      await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: `plugin::instagram-publisher.${action}` }]);
      return (await createAdminSession(app.strapi, { roleCodes: [], roleIds: [role.id] })).auth;
    };
    const status = async (auth: Record<string, string>) => (await app.http().get('/instagram-publisher/config-status').set(auth)).status;
    // Then connections.read, settings.manage or end-users.manage (the settings page's actions) is enough, one is enough
    expect(await status(await roleWith('connections.read'))).toBe(200);
    expect(await status(await roleWith('settings.manage'))).toBe(200);
    expect(await status(await roleWith('end-users.manage'))).toBe(200);
    // And any other admin gets 403
    expect(await status(await roleWith('publications.read'))).toBe(403);
    expect(await status((await createAdminSession(app.strapi, { roleCodes: ['strapi-editor'] })).auth)).toBe(403);
  });

  it('answers 404 for an unknown plugin route', async () => {
    const { auth } = await createAdminSession(app.strapi);
    const response = await app.http().get('/instagram-publisher/no-such-route').set(auth);
    expect(response.status).toBe(404);
  });
});
