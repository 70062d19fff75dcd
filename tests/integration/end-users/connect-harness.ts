import type { Core } from '@strapi/strapi';
import type { Response } from 'supertest';
import type { Store } from '../../../server/src/store/types';
import type { TestApp } from '../harness/strapi';

export const PLUGIN = 'plugin::instagram-publisher';
/** The Users & Permissions actions of the connecting half of the /me routes. */
export const CONNECT_ACTIONS = ['my-connections.find', 'my-connections.delete', 'my-oauth.start', 'my-oauth.complete'].map(
  (handler) => `${PLUGIN}.${handler}`
);
/** One of the test app's return URLs (tests/app/config/plugins.ts). */
export const RETURN_TO = 'http://localhost:3000/settings/integrations?tab=instagram';

/** Each connecting route, with a body it would accept from the right user. */
export const CONNECT_ROUTES: Array<{ method: 'get' | 'post' | 'delete'; path: string; body?: Record<string, unknown> }> = [
  { method: 'get', path: '/api/instagram-publisher/me/connections' },
  { method: 'delete', path: '/api/instagram-publisher/me/connections/1' },
  { method: 'post', path: '/api/instagram-publisher/me/oauth/start', body: { flow: 'instagram', returnTo: RETURN_TO } },
  { method: 'post', path: '/api/instagram-publisher/me/oauth/complete', body: { result: 'x'.repeat(43) } },
];

/** Calls one of CONNECT_ROUTES with the given headers (none: anonymous). */
export const callRoute = (app: TestApp, route: (typeof CONNECT_ROUTES)[number], headers: Record<string, string> = {}) => {
  const request = app.http()[route.method](route.path).set(headers);
  return route.body ? request.send(route.body) : request;
};

export const storeOf = (strapi: Core.Strapi) => strapi.plugin('instagram-publisher').service('store').get() as Store;

/** Grants actions to a Users & Permissions role (Authenticated unless said otherwise), as an app's admin would. */
export const grantActions = async (strapi: Core.Strapi, actions: string[], roleType = 'authenticated') => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  for (const action of actions) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return role;
};

export interface EndUserSession {
  id: string;
  username: string;
  jwt: string;
  auth: { Authorization: string };
}

let counter = 0;

/** Signs a user up through Users & Permissions' own route, as the app's front end would. */
export const registerUser = async (app: TestApp, name = 'user'): Promise<EndUserSession> => {
  counter += 1;
  const username = `${name}${counter}${Date.now()}`;
  const response = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username, email: `${username}@example.test`, password: 'User-password-1234' });
  if (response.status !== 200) throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: String(response.body.user.id), username, jwt: response.body.jwt, auth: { Authorization: `Bearer ${response.body.jwt}` } };
};

/** Every body and redirect the end-user routes answered in a test file, to prove none carried a secret. */
export const answered: string[] = [];
const record = (response: Response) => {
  answered.push(response.text ?? '', String(response.headers.location ?? ''));
  return response;
};

export const listMine = async (app: TestApp, user: EndUserSession) =>
  record(await app.http().get('/api/instagram-publisher/me/connections').set(user.auth));

export const startMine = async (app: TestApp, user: EndUserSession, body: Record<string, unknown>) =>
  record(await app.http().post('/api/instagram-publisher/me/oauth/start').set(user.auth).send(body));

export const completeMine = async (app: TestApp, user: EndUserSession, body: Record<string, unknown>) =>
  record(await app.http().post('/api/instagram-publisher/me/oauth/complete').set(user.auth).send(body));

export const deleteMine = async (app: TestApp, user: EndUserSession, id: string) =>
  record(await app.http().delete(`/api/instagram-publisher/me/connections/${encodeURIComponent(id)}`).set(user.auth));

export interface UserFlowOptions {
  flow: 'instagram' | 'facebook';
  returnTo?: string;
  action?: 'approve' | 'cancel';
  account?: string;
  pages?: string[];
}

/**
 * An end user's browser through a flow: the start route (with the user's JWT), the sandbox's consent
 * page, then Meta's redirect delivered to the callback with no cookie at all (end users need none).
 */
export const startUserFlow = async (app: TestApp, user: EndUserSession, options: UserFlowOptions) => {
  const start = await startMine(app, user, { flow: options.flow, returnTo: options.returnTo ?? RETURN_TO });
  if (start.status !== 200) throw new Error(`me/oauth/start answered ${start.status}: ${start.text}`);
  const authUrl = new URL(start.body.data.authUrl);
  authUrl.searchParams.set('sandbox_action', options.action ?? 'approve');
  if (options.account) authUrl.searchParams.set('sandbox_account', options.account);
  if (options.pages) authUrl.searchParams.set('sandbox_pages', options.pages.join(','));
  const authorize = await fetch(authUrl, { redirect: 'manual' });
  const redirect = authorize.headers.get('location');
  if (authorize.status !== 302 || !redirect) throw new Error(`authorize answered ${authorize.status}`);
  return { start, callbackUrl: new URL(redirect) };
};

/** Meta's redirect reaching the plugin's callback; answers where the browser is sent next. */
export const deliverUserCallback = async (app: TestApp, callbackUrl: URL) => {
  const response = record(await app.http().get(`${callbackUrl.pathname}${callbackUrl.search}`));
  if (response.status !== 302) throw new Error(`callback answered ${response.status}: ${response.text}`);
  return new URL(response.headers.location);
};

/** start → consent → callback: the URL the browser lands on in the app. */
export const runUserFlow = async (app: TestApp, user: EndUserSession, options: UserFlowOptions) => {
  const { callbackUrl } = await startUserFlow(app, user, options);
  return { location: await deliverUserCallback(app, callbackUrl), callbackUrl };
};

/** The one-time result of a flow that ended well (throws with where it ended otherwise). */
export const resultOf = (location: URL) => {
  const result = location.searchParams.get('result');
  if (!result) throw new Error(`the flow ended on ${location.href}`);
  return result;
};

/** A whole connection: flow, then completion with the same user's JWT. */
export const connectAs = async (app: TestApp, user: EndUserSession, options: UserFlowOptions & { pageIds?: string[] }) => {
  const { location } = await runUserFlow(app, user, options);
  const completed = await completeMine(app, user, { result: resultOf(location), ...(options.pageIds ? { pageIds: options.pageIds } : {}) });
  if (completed.status !== 200 || completed.body.data.status !== 'connected') {
    throw new Error(`me/oauth/complete answered ${completed.status}: ${completed.text}`);
  }
  return completed.body.data.connections as Array<{ id: string; instagramUserId: string; profile: { username: string } }>;
};

/** Changes the plugin's endUsers config of a running app (read on every request). */
export const setEndUsersConfig = (strapi: Core.Strapi, patch: Record<string, unknown>) => {
  const current = strapi.config.get(`${PLUGIN}.endUsers`) as Record<string, unknown>;
  strapi.config.set(`${PLUGIN}.endUsers`, { ...current, ...patch });
  return () => strapi.config.set(`${PLUGIN}.endUsers`, current);
};
