import type { RouteConfig } from '../admin/types';

/** Public: Meta calls these; `signed_request` is verified against the app secret. */
export default [
  { method: 'POST', path: '/meta/deauthorize', handler: 'meta.deauthorize', config: { auth: false } },
  { method: 'POST', path: '/meta/data-deletion', handler: 'meta.dataDeletion', config: { auth: false } },
  { method: 'GET', path: '/meta/data-deletion/:code', handler: 'meta.dataDeletionStatus', config: { auth: false } },
] satisfies RouteConfig[];
