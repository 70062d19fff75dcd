import type { RouteConfig } from '../admin/types';

/**
 * Guarded by users-permissions like any content-API route: grant `permalinks.find` to a role to open
 * the permalinks, and `public-counts.find` (its own opt-in) to add the posts' public likes and comments.
 */
export default [
  { method: 'GET', path: '/permalinks', handler: 'permalinks.find' },
  { method: 'GET', path: '/permalinks/counts', handler: 'public-counts.find' },
] as RouteConfig[];
