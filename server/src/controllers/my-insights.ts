import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { AccountInsightsResponse, PublicationInsightsResponse } from '../contracts';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import { accountInsightsQuerySchema, connectionIdSchema } from './account-insights-query';
import type { RequestContext } from './context';
import { endUserOf } from './end-user';

const idSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') });

/**
 * GET /me/publications/:id/insights: an end user's own post's numbers; GET /me/connections/:id/insights:
 * their own account's followers, reach and top posts. Another user's id answers 404.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: RequestContext) {
    const { id } = parseInput(idSchema, ctx.params, 'params');
    ctx.body = { data: await getService(strapi, 'insightsRead').forUser(endUserOf(ctx).id, id) } satisfies PublicationInsightsResponse;
  },

  async findAccount(ctx: RequestContext) {
    const { id } = parseInput(connectionIdSchema, ctx.params, 'params');
    const query = parseInput(accountInsightsQuerySchema, ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'accountInsights').forUser(endUserOf(ctx).id, id, query) } satisfies AccountInsightsResponse;
  },
});
