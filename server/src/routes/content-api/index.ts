import meta from './meta';
import oauth from './oauth';
import permalinks from './permalinks';
import webhooks from './webhooks';

/** Content-API routes, served under /api/instagram-publisher/... */
export default {
  type: 'content-api' as const,
  routes: [...oauth, ...meta, ...permalinks, ...webhooks],
};
