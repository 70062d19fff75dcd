import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { CONNECT_ACTIONS, CONNECT_ROUTES, callRoute, grantActions, registerUser } from './connect-harness';

/**
 * Its own file, so the plugin's modules are loaded afresh: the end-user routes an enabled app added
 * to the plugin's route table earlier in the same module registry would still be there.
 */
describe('with end users disabled', () => {
  let env: SandboxedApp;

  beforeAll(async () => {
    env = await startSandboxedApp({
      app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true', INSTAGRAM_PUBLISHER_END_USERS: 'false' } },
    });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('answers every route as a path that never existed (404; Strapi’s 405 for other methods), whoever asks', async () => {
    // Given the actions granted anyway, as a database from when the feature was on would hold them
    await grantActions(env.app.strapi, CONNECT_ACTIONS);
    const user = await registerUser(env.app, 'carol');
    for (const route of CONNECT_ROUTES) {
      // Strapi's static files route answers GET on any path, so other methods on an unknown path get 405.
      const unknown = await callRoute(env.app, { ...route, path: '/api/instagram-publisher/me/never-existed/1' }, user.auth);
      expect(unknown.status).toBe(route.method === 'get' ? 404 : 405);
      const signedIn = await callRoute(env.app, route, user.auth);
      const anonymous = await callRoute(env.app, route);
      expect([route.method, route.path, signedIn.status, anonymous.status]).toEqual([route.method, route.path, unknown.status, unknown.status]);
    }
  });

  it('lists none of the routes among the Users & Permissions actions', async () => {
    const actions = env.app.strapi.contentAPI.permissions.providers.action.keys() as string[];
    expect(actions.filter((action) => action.startsWith('plugin::instagram-publisher.my-'))).toEqual([]);
  });
});
