import type { Sandbox } from '../../sandbox';
import type { TestApp } from './strapi';

export interface FlowOptions {
  flow: 'instagram' | 'facebook';
  action?: 'approve' | 'cancel';
  account?: string;
  decline?: string[];
  pages?: string[];
}

export interface FlowResult {
  /** Where the plugin sent the browser at the end. */
  location: URL;
  /** The plugin's callback URL as Meta (the sandbox) redirected to it. */
  callbackUrl: URL;
  cookie: string;
}

/** The cookie the start route set, as a browser would send it back on the callback. */
export const browserCookie = (setCookie: string[] | string | undefined) =>
  ([] as string[])
    .concat(setCookie ?? [])
    .map((cookie) => cookie.split(';')[0])
    .filter((cookie) => cookie.startsWith('instagram_publisher_oauth=') && cookie.length > 'instagram_publisher_oauth='.length)
    .join('; ');

/** Starts a flow as the admin would: the start route, then the authorize page, then Meta's redirect. */
export const startFlow = async (app: TestApp, auth: Record<string, string>, options: FlowOptions) => {
  const start = await app.http().post('/instagram-publisher/oauth/start').set(auth).send({ flow: options.flow });
  if (start.status !== 200) throw new Error(`oauth/start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const authUrl = new URL(start.body.data.authUrl);
  authUrl.searchParams.set('sandbox_action', options.action ?? 'approve');
  if (options.account) authUrl.searchParams.set('sandbox_account', options.account);
  if (options.decline?.length) authUrl.searchParams.set('sandbox_decline', options.decline.join(','));
  if (options.pages) authUrl.searchParams.set('sandbox_pages', options.pages.join(','));
  const authorize = await fetch(authUrl, { redirect: 'manual' });
  const redirect = authorize.headers.get('location');
  if (authorize.status !== 302 || !redirect) throw new Error(`authorize answered ${authorize.status}`);
  return { authUrl, callbackUrl: new URL(redirect), cookie: browserCookie(start.headers['set-cookie']) };
};

/** Delivers Meta's redirect to the plugin's callback (path and query only: the fragment never reaches a server). */
export const deliverCallback = async (app: TestApp, callbackUrl: URL, cookie: string) => {
  const response = await app.http().get(`${callbackUrl.pathname}${callbackUrl.search}`).set('Cookie', cookie);
  if (response.status !== 302) throw new Error(`callback answered ${response.status}: ${response.text}`);
  return new URL(response.headers.location);
};

/** The whole round trip: start → authorize page → callback → admin settings page. */
export const runFlow = async (app: TestApp, auth: Record<string, string>, options: FlowOptions): Promise<FlowResult> => {
  const { callbackUrl, cookie } = await startFlow(app, auth, options);
  return { location: await deliverCallback(app, callbackUrl, cookie), callbackUrl, cookie };
};

/** Collects every token, code and secret the sandbox sees or hands out, to prove none leaked. */
export const trackIssuedSecrets = (sandbox: Sandbox): (() => string[]) => {
  const secrets = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.length > 8) secrets.add(value);
  };
  const collect = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'access_token' || key === 'code' || key === 'client_secret' || key === 'fb_exchange_token') add(inner);
      else if (key === 'location' && typeof inner === 'string') {
        add(new URL(inner, 'http://x').searchParams.get('code')?.replace(/#.*$/, ''));
      } else collect(inner);
    }
  };
  sandbox.onCall((call) => {
    add(call.token);
    collect(call.response);
    collect(call.body);
    collect(call.query);
  });
  return () => [...secrets];
};
