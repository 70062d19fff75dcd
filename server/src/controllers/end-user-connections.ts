import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ListEndUserConnections, RevokeEndUserConnection } from '../contracts';
import { getService } from '../utils/get-service';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';
import { parseInput } from '../utils/validation';
import { adminOf, type RequestContext } from './context';

const listSchema = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const idParamsSchema = z.object({ id: z.string().min(1).max(64) });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /end-user-connections */
  async find(ctx: RequestContext) {
    const { q, page, pageSize } = parseInput(listSchema, ctx.query, 'query');
    ctx.body = (await getService(strapi, 'adminEndUserConnections').list({ q: q || undefined, page, pageSize })) satisfies ListEndUserConnections.Response;
  },

  /** DELETE /end-user-connections/:id */
  async delete(ctx: RequestContext) {
    const { id } = parseInput(idParamsSchema, ctx.params, 'path');
    ctx.body = { data: await getService(strapi, 'adminEndUserConnections').revoke(id, adminOf(ctx)) } satisfies RevokeEndUserConnection.Response;
  },
});
