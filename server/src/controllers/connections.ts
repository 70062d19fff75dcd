import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { upstreamError } from '../utils/http-errors';
import { parseInput } from '../utils/validation';

const idParamsSchema = z.object({ id: z.string().min(1).max(64) });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /connections */
  async find(ctx: any) {
    ctx.body = { data: await getService(strapi, 'connections').list() };
  },

  /** POST /connections/:id/refresh */
  async refresh(ctx: any) {
    const { id } = parseInput(idParamsSchema, ctx.params, 'path');
    try {
      ctx.body = { data: await getService(strapi, 'connections').refreshNow(id) };
    } catch (error) {
      throw upstreamError(error);
    }
  },

  /** DELETE /connections/:id */
  async delete(ctx: any) {
    const { id } = parseInput(idParamsSchema, ctx.params, 'path');
    ctx.body = { data: await getService(strapi, 'connections').disconnect(id) };
  },
});
