import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { AccountInsightsResponse, GetPublicationActivity, PublicationInsightsResponse } from '../contracts';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import { accountInsightsQuerySchema, connectionIdSchema } from './account-insights-query';
import type { RequestContext } from './context';

const idSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /publications/:id/insights (admin): a post's latest numbers and their series. */
  async findOne(ctx: RequestContext) {
    const { id } = parseInput(idSchema, ctx.params, 'params');
    ctx.body = { data: await getService(strapi, 'insightsRead').forAdmin(id, ctx.state?.userAbility) } satisfies PublicationInsightsResponse;
  },
  /** GET /publications/:id/activity (admin): the counts and comment activity an open panel or comments list polls. */
  async activity(ctx: RequestContext) {
    const { id } = parseInput(idSchema, ctx.params, 'params');
    ctx.body = { data: await getService(strapi, 'insightsRead').activityForAdmin(id, ctx.state?.userAbility) } satisfies GetPublicationActivity.Response;
  },
  /** GET /connections/:id/insights (admin): an account's followers per day, latest numbers and top posts. */
  async findAccount(ctx: RequestContext) {
    const { id } = parseInput(connectionIdSchema, ctx.params, 'params');
    const query = parseInput(accountInsightsQuerySchema, ctx.query, 'query');
    ctx.body = { data: await getService(strapi, 'accountInsights').forAdmin(id, ctx.state?.userAbility, query) } satisfies AccountInsightsResponse;
  },
});
