import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { CONNECT_ACTIONS, CONNECT_ROUTES, callRoute, connectAs, grantActions, listMine, registerUser, type EndUserSession } from './connect-harness';

describe('with end users enabled', () => {
  let env: SandboxedApp;
  let alice: EndUserSession;

  beforeAll(async () => {
    env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
    await grantActions(env.app.strapi, CONNECT_ACTIONS);
    alice = await registerUser(env.app, 'alice');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('refuses a request without a JWT (401, saying what to send) and a forged JWT (401)', async () => {
    for (const route of CONNECT_ROUTES) {
      const anonymous = await callRoute(env.app, route);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.data).toBeNull();
      expect(anonymous.body.error).toMatchObject({ name: 'UnauthorizedError', message: expect.stringMatching(/Authorization: Bearer <jwt>/) });
      expect((await callRoute(env.app, route, { Authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    }
  });

  it('refuses the public role even when an app grants it the actions', async () => {
    // Given an app that (wrongly) grants the public role every action
    await grantActions(env.app.strapi, CONNECT_ACTIONS, 'public');
    try {
      // Then a request without a JWT still has no user to act for
      for (const route of CONNECT_ROUTES) {
        const response = await callRoute(env.app, route);
        expect(response.status).toBe(401);
        expect(response.body.error.message).toMatch(/signed-in user/);
      }
    } finally {
      const role = await env.app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
      await env.app.strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { role: role.id, action: { $in: CONNECT_ACTIONS } } });
    }
  });

  it('answers 403 to a user whose role was not granted the actions', async () => {
    // Given a role of the app without the plugin's actions, and a user in it
    const { strapi } = env.app;
    const role = await strapi.db.query('plugin::users-permissions.role').create({
      data: { name: 'Readers', type: 'readers', description: 'Reads the app, connects nothing' },
    });
    const user = await strapi.plugin('users-permissions').service('user').add({
      username: `reader${Date.now()}`,
      email: `reader${Date.now()}@example.test`,
      password: 'Reader-password-1234',
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    });
    const jwt = await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });

    // Then every route refuses them
    for (const route of CONNECT_ROUTES) expect((await callRoute(env.app, route, { Authorization: `Bearer ${jwt}` })).status).toBe(403);
  });

  it('refuses a full-access API token: these routes act for a signed-in user', async () => {
    const token = await env.app.strapi.service('admin::api-token').create({
      name: `full-${Date.now()}`,
      type: 'full-access',
      lifespan: null,
      description: '',
    });
    for (const route of CONNECT_ROUTES) {
      const response = await callRoute(env.app, route, { Authorization: `Bearer ${token.accessKey}` });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/signed-in user/);
    }
  });

  it('refuses a user blocked while their JWT still lives', async () => {
    // Given a user with a connection and a valid JWT
    const bob = await registerUser(env.app, 'bob');
    await connectAs(env.app, bob, { flow: 'instagram', account: 'sandbox_brand' });
    expect((await listMine(env.app, bob)).status).toBe(200);

    // When the app blocks them
    await env.app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: bob.id }, data: { blocked: true } });

    // Then every route refuses the same JWT, and nothing of theirs is answered
    for (const route of CONNECT_ROUTES) {
      const response = await callRoute(env.app, route, bob.auth);
      expect(response.status).toBe(401);
      expect(response.body.data).toBeNull();
    }
    // While another user is unaffected
    expect((await listMine(env.app, alice)).status).toBe(200);
  });
});
