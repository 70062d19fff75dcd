import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { parseInput, requestSchema } from '../utils/validation';
import { adminOf, type RequestContext } from './context';
import { LOGIN_KINDS, type GetPendingChoice, type SelectPendingPages, type StartOAuth } from '../contracts';

/** Binds a flow to the browser that started it, so a stolen state cannot be completed elsewhere. */
export const BROWSER_COOKIE = 'instagram_publisher_oauth';
const COOKIE_PATH = `/api/${PLUGIN_ID}/oauth`;

const startSchema = requestSchema<StartOAuth.Request>()(z.object({ flow: z.enum(LOGIN_KINDS) }).strict());
const pendingParamsSchema = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, 'must be a pending choice id') });
const selectSchema = requestSchema<SelectPendingPages.Request>()(
  z.object({ pageIds: z.array(z.string().regex(/^\d{1,32}$/, 'must be a Facebook Page id')).min(1).max(50) }).strict()
);
const callbackSchema = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
  error_reason: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /oauth/start (admin) → { authUrl } */
  async start(ctx: RequestContext) {
    const { flow } = parseInput(startSchema, ctx.request.body);
    const { authUrl, browserNonce, expiresAt } = await getService(strapi, 'oauth').start(flow, adminOf(ctx));
    ctx.cookies.set(BROWSER_COOKIE, browserNonce, {
      httpOnly: true,
      sameSite: 'lax',
      path: COOKIE_PATH,
      expires: expiresAt,
      secure: ctx.request.secure,
      overwrite: true,
    });
    ctx.body = { data: { authUrl } } satisfies StartOAuth.Response;
  },

  /** GET /api/instagram-publisher/oauth/callback (public: the browser arrives from Meta) */
  async callback(ctx: RequestContext) {
    // Repeated parameters arrive as arrays: keep the first, never fail with a 500.
    const flat = Object.fromEntries(
      Object.entries(ctx.query ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])
    );
    const parsed = callbackSchema.safeParse(flat);
    const query = parsed.success ? parsed.data : {};
    // Strapi's request logger prints ctx.url after the response: drop the query (it holds
    // Meta's authorization code) so the code never reaches a log line.
    ctx.url = ctx.path;
    const browserNonce = ctx.cookies.get(BROWSER_COOKIE) ?? undefined;
    const target = await getService(strapi, 'oauth').handleCallback(query, browserNonce);
    ctx.cookies.set(BROWSER_COOKIE, null, { path: COOKIE_PATH });
    ctx.redirect(target);
  },

  /** GET /oauth/pending/:id (admin) */
  async pending(ctx: RequestContext) {
    const { id } = parseInput(pendingParamsSchema, ctx.params, 'path');
    ctx.body = { data: await getService(strapi, 'oauth').getPending(id, adminOf(ctx)) } satisfies GetPendingChoice.Response;
  },

  /** POST /oauth/pending/:id/select (admin) { pageIds } */
  async select(ctx: RequestContext) {
    const { id } = parseInput(pendingParamsSchema, ctx.params, 'path');
    const { pageIds } = parseInput(selectSchema, ctx.request.body);
    ctx.body = { data: await getService(strapi, 'oauth').selectPending(id, pageIds, adminOf(ctx)) } satisfies SelectPendingPages.Response;
  },
});
