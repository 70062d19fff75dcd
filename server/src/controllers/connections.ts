import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { upstreamError } from '../utils/errors';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';
import type { DeleteConnection, ListConnections, RefreshConnection } from '../contracts';

const idParamsSchema = z.object({ id: z.string().min(1).max(64) });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /connections */
  async find(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'connections').list() } satisfies ListConnections.Response;
  },

  /** POST /connections/:id/refresh */
  async refresh(ctx: RequestContext) {
    const { id } = parseInput(idParamsSchema, ctx.params, 'path');
    try {
      ctx.body = { data: await getService(strapi, 'connections').refreshNow(id) } satisfies RefreshConnection.Response;
    } catch (error) {
      throw upstreamError(error);
    }
  },

  /** DELETE /connections/:id */
  async delete(ctx: RequestContext) {
    const { id } = parseInput(idParamsSchema, ctx.params, 'path');
    ctx.body = { data: await getService(strapi, 'connections').disconnect(id) } satisfies DeleteConnection.Response;
  },
});
