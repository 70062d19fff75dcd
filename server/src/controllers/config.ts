import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /config-status: what is configured and what to paste into Meta's dashboard. */
  async status(ctx: any) {
    ctx.body = { data: getService(strapi, 'configStatus').describe() };
  },
});
