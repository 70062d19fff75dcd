import { startTestApp, type TestApp } from './harness/strapi';
import { createAdminSession } from './harness/admin';
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
    expect(status.store).toBe(expectedStoreKind());
    expect(status.graphApiVersion).toBe('v24.0');
    // And no secret appears anywhere in it
    const body = JSON.stringify(response.body);
    expect(body).not.toContain('sandbox-ig-secret');
    expect(body).not.toContain('sandbox-fb-secret');
    expect(body).not.toContain('cGxheWdyb3VuZC1rZXktMzItYnl0ZXMtZXhhY3RseSE=');
  });

  it('answers 404 for an unknown plugin route', async () => {
    const { auth } = await createAdminSession(app.strapi);
    const response = await app.http().get('/instagram-publisher/no-such-route').set(auth);
    expect(response.status).toBe(404);
  });
});
