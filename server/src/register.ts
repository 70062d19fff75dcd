import type { Core } from '@strapi/strapi';
import { registerBodyGuard } from './middlewares/body-guard';
import { createPublishHookMiddleware } from './publishing';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Document Service middlewares must be registered before bootstrap to see every publish.
  strapi.documents.use(createPublishHookMiddleware({ strapi }));
  // Server middlewares added in register run before the app's own (body parser included).
  registerBodyGuard(strapi);
};
