import type { Core } from '@strapi/strapi';
import { registerPublishHook } from './publishing';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Document Service middlewares must be registered before bootstrap to see every publish.
  registerPublishHook(strapi);
};
