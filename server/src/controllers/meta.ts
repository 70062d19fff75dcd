import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validation';
import type { RequestContext } from './context';

const signedRequestSchema = z.object({ signed_request: z.string().min(1).max(4096) });
const statusParamsSchema = z.object({ code: z.string().regex(/^[a-f0-9]{24}$/, 'must be a confirmation code') });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/instagram-publisher/meta/deauthorize (Meta → us, form-encoded signed_request) */
  async deauthorize(ctx: RequestContext) {
    const { signed_request } = parseInput(signedRequestSchema, ctx.request.body);
    await getService(strapi, 'metaCallbacks').deauthorize(signed_request);
    ctx.body = { success: true };
  },

  /** POST /api/instagram-publisher/meta/data-deletion → { url, confirmation_code } as Meta expects */
  async dataDeletion(ctx: RequestContext) {
    const { signed_request } = parseInput(signedRequestSchema, ctx.request.body);
    ctx.body = await getService(strapi, 'metaCallbacks').requestDeletion(signed_request);
  },

  /** GET /api/instagram-publisher/meta/data-deletion/:code: the status page Meta links to */
  async dataDeletionStatus(ctx: RequestContext) {
    const { code } = parseInput(statusParamsSchema, ctx.params, 'path');
    ctx.body = await getService(strapi, 'metaCallbacks').deletionStatus(code);
  },
});
