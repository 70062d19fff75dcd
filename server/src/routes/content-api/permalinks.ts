import type { RouteConfig } from '../admin/types';

/** Guarded by users-permissions like any content-API route: grant `permalinks.find` to a role to open it. */
export default [{ method: 'GET', path: '/permalinks', handler: 'permalinks.find' }] as RouteConfig[];
