import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { PublicationInsightsResponse } from '../contracts';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';
import { endUserOf } from './end-user';

const idSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a publication id') });

/** GET /me/publications/:id/insights: an end user's own post's numbers; another user's post answers 404. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: RequestContext) {
    const { id } = parseInput(idSchema, ctx.params, 'params');
    ctx.body = { data: await getService(strapi, 'insightsRead').forUser(endUserOf(ctx).id, id) } satisfies PublicationInsightsResponse;
  },
});
