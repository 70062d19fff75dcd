import type { RouteConfig } from '../admin/types';

/** Public: the browser arrives here from Meta; the state and the browser cookie authenticate it. */
export default [{ method: 'GET', path: '/oauth/callback', handler: 'oauth.callback', config: { auth: false } }] satisfies RouteConfig[];
