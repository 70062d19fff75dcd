import type { Core } from '@strapi/strapi';
import { stopPublishing } from './publishing';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'tokenRefresh').unschedule();
  getService(strapi, 'insightsSync').unschedule();
  await stopPublishing(strapi);
  getService(strapi, 'graph').destroy();
  await getService(strapi, 'store').close();
};
