import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ListPublicCounts } from '../contracts';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';

// Not strict: a front end or CDN adding a cache-busting parameter must not break the call.
const querySchema = z.object({
  uid: z.string().trim().regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/i, 'must be a content-type uid such as api::article.article'),
  documentId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a document id'),
  locale: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9-]+$/, 'must be a locale code').optional(),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * GET /api/instagram-publisher/permalinks/counts: a published entry's posts with their public
   * likes and comments, from the stored latest numbers, cached (the header lets CDNs cache too).
   */
  async find(ctx: RequestContext) {
    const query = parseInput(querySchema, ctx.query, 'query');
    const service = getService(strapi, 'publicCounts');
    const data = await service.forEntry(query);
    ctx.set('Cache-Control', `public, max-age=${service.maxAgeSeconds()}`);
    ctx.body = { data } satisfies ListPublicCounts.Response;
  },
});
