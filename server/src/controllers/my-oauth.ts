import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { LOGIN_KINDS, type CompleteMyOAuth, type StartMyOAuth } from '../contracts';
import { getService } from '../utils/get-service';
import { parseInput, requestSchema } from '../utils/validation';
import type { RequestContext } from './context';
import { endUserOf } from './end-user';

// Where returnTo may point is checked by the service, against the configured return URLs.
const startSchema = requestSchema<StartMyOAuth.Request>()(
  z.object({ flow: z.enum(LOGIN_KINDS), returnTo: z.string().min(1, 'is required').max(2048) }).strict()
);
const completeSchema = requestSchema<CompleteMyOAuth.Request>()(
  z
    .object({
      result: z.string().min(1, 'is required').max(256),
      pageIds: z.array(z.string().regex(/^\d{1,32}$/, 'must be a Facebook Page id')).min(1).max(50).optional(),
    })
    .strict()
);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /me/oauth/start { flow, returnTo } → { authUrl, expiresAt } */
  async start(ctx: RequestContext) {
    const { flow, returnTo } = parseInput(startSchema, ctx.request.body);
    const data = await getService(strapi, 'endUserOAuth').start(flow, returnTo, endUserOf(ctx));
    ctx.body = { data } satisfies StartMyOAuth.Response;
  },

  /** POST /me/oauth/complete { result, pageIds? } with the JWT of the user who started the flow. */
  async complete(ctx: RequestContext) {
    const { result, pageIds } = parseInput(completeSchema, ctx.request.body);
    const data = await getService(strapi, 'endUserOAuth').complete(result, pageIds, endUserOf(ctx));
    ctx.body = { data } satisfies CompleteMyOAuth.Response;
  },
});
