import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';
import type { ListPermalinks } from '../contracts';

const querySchema = z.object({
  uid: z.string().trim().regex(/^[a-z0-9-]+::[a-z0-9-]+\.[a-z0-9-]+$/i, 'must be a content-type uid such as api::article.article'),
  documentId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a document id'),
  locale: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9-]+$/, 'must be a locale code').optional(),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/instagram-publisher/permalinks: an entry's live Instagram posts, for front ends. */
  async find(ctx: RequestContext) {
    const query = parseInput(querySchema, ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'publications').permalinks(query) } satisfies ListPermalinks.Response;
  },
});
