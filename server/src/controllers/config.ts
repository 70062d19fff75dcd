import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { RequestContext } from './context';
import type { GetConfigStatus } from '../contracts';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /config-status: what is configured and what to paste into Meta's dashboard. */
  async status(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'configStatus').describe() } satisfies GetConfigStatus.Response;
  },
});
