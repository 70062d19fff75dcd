import type { Core } from '@strapi/strapi';
import { getPluginConfig } from './config/resolve';
import { registerBodyGuard } from './middlewares/body-guard';
import { createPublishHookMiddleware } from './publishing';
import endUserRoutes from './routes/content-api/end-users';
import { PLUGIN_ID } from './utils/plugin-id';

/**
 * The end users' routes exist only with `endUsers.enabled`: Strapi mounts plugin routes after
 * register, so adding them here makes a disabled feature answer 404 (and list no Users &
 * Permissions actions) rather than exist behind a switch.
 */
const registerEndUserRoutes = (strapi: Core.Strapi) => {
  if (!getPluginConfig(strapi).endUsers.enabled) return;
  const plugin = strapi.plugin(PLUGIN_ID);
  const contentApi = (plugin.routes as Record<string, { routes: unknown[] }>)['content-api'];
  // DEVELOPMENT ONLY (removed once every /me controller exists): routes whose controller is not built yet are left out.
  const controllers = plugin.controllers as Record<string, unknown>;
  contentApi.routes.push(...endUserRoutes.filter((route) => route.handler.split('.')[0] in controllers));
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Document Service middlewares must be registered before bootstrap to see every publish.
  strapi.documents.use(createPublishHookMiddleware({ strapi }));
  // Server middlewares added in register run before the app's own (body parser included).
  registerBodyGuard(strapi);
  registerEndUserRoutes(strapi);
};
