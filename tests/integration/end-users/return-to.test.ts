import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { CONNECT_ACTIONS, grantActions, registerUser, RETURN_TO, runUserFlow, setEndUsersConfig, startMine, type EndUserSession } from './connect-harness';

/** Where an end user's flow may send the browser back: only under the app's return URLs, never an open redirect. */
let env: SandboxedApp;
const app = () => env.app;

beforeAll(async () => {
  env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
  await grantActions(env.app.strapi, CONNECT_ACTIONS);
});
afterAll(async () => {
  await env?.stop();
});

describe('returnTo', () => {
  let henry: EndUserSession;
  let restore: () => void;

  beforeAll(async () => {
    henry = await registerUser(app(), 'henry');
    restore = setEndUsersConfig(app().strapi, { returnUrls: ['https://app.example.test/app', 'http://localhost:3000/'] });
  });
  afterAll(() => restore());

  it.each([
    ['another site', 'https://evil.example/app'],
    ['another origin of the same host', 'https://app.example.test:8443/app'],
    ['another scheme', 'http://app.example.test/app'],
    ['a path that only starts like the prefix', 'https://app.example.test/application'],
    ['a path outside the prefix', 'https://app.example.test/admin'],
    ['dot segments climbing out of the prefix', 'https://app.example.test/app/../admin'],
    ['encoded dot segments', 'https://app.example.test/app/%2e%2e/admin'],
    ['an encoded slash', 'https://app.example.test/app%2F..%2Fadmin'],
    ['credentials', 'https://user:secret@app.example.test/app'],
    ['an allowed host as credentials of another', 'http://localhost:3000@evil.example/'],
    ['a relative URL', '/app/settings'],
    ['a protocol-relative URL', '//evil.example/app'],
    ['a script URL', 'javascript:alert(1)'],
  ])('refuses %s with 400 naming returnTo', async (_label, returnTo) => {
    const response = await startMine(app(), henry, { flow: 'instagram', returnTo });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['returnTo']);
    expect(response.body.error.message).toMatch(/^returnTo: /);
  });

  it.each([
    ['the prefix itself', 'https://app.example.test/app'],
    ['a page under it, with a query and a fragment', 'https://app.example.test/app/settings?x=1#connect'],
    ['a root entry', 'http://localhost:3000/anything/at/all'],
  ])('accepts %s', async (_label, returnTo) => {
    const response = await startMine(app(), henry, { flow: 'instagram', returnTo });
    expect(response.status).toBe(200);
  });

  it('returns to the normalised address, keeping its query and fragment', async () => {
    const { location } = await runUserFlow(app(), henry, {
      flow: 'instagram',
      account: 'sandbox_creator',
      returnTo: 'https://APP.example.test:443/app/./settings?result=forged&keep=1#connect',
    });
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example.test/app/settings');
    expect(location.searchParams.get('keep')).toBe('1');
    expect(location.searchParams.getAll('result')).toHaveLength(1);
    expect(location.searchParams.get('result')).not.toBe('forged');
    expect(location.hash).toBe('#connect');
  });

  it('validates the rest of the body with the field', async () => {
    const badFlow = await startMine(app(), henry, { flow: 'myspace', returnTo: RETURN_TO });
    expect(badFlow.status).toBe(400);
    expect(badFlow.body.error.details.errors[0].path).toEqual(['flow']);
    const extra = await startMine(app(), henry, { flow: 'instagram', returnTo: RETURN_TO, userId: '1' });
    expect(extra.status).toBe(400);
    const missing = await startMine(app(), henry, { flow: 'instagram' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['returnTo']);
  });

  it('answers 400 when the login is not configured, as the admin side does', async () => {
    const facebook = app().strapi.config.get('plugin::instagram-publisher.facebook');
    app().strapi.config.set('plugin::instagram-publisher.facebook', {});
    try {
      const response = await startMine(app(), henry, { flow: 'facebook', returnTo: RETURN_TO });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/Facebook Login is not configured/);
    } finally {
      app().strapi.config.set('plugin::instagram-publisher.facebook', facebook);
    }
  });
});
