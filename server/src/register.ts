import type { Core } from '@strapi/strapi';
import { getPluginConfig } from './config/resolve';
import { registerBodyGuard } from './middlewares/body-guard';
import { registerEndUserSignIn } from './middlewares/end-user-sign-in';
import { registerWebhookBody } from './middlewares/webhook-body';
import { createPublishHookMiddleware } from './publishing';
import endUserRoutes from './routes/content-api/end-users';
import { PLUGIN_ID } from './utils/plugin-id';

/**
 * The end users' routes exist only with `endUsers.enabled`: Strapi mounts plugin routes after
 * register, so adding them here makes a disabled feature answer 404 (and list no Users &
 * Permissions actions) rather than exist behind a switch.
 */
const registerEndUserRoutes = (strapi: Core.Strapi) => {
  const enabled = getPluginConfig(strapi).endUsers.enabled;
  const routers = strapi.plugin(PLUGIN_ID).routes as Record<string, { routes: unknown[] }>;
  const contentApi = routers['content-api'];
  // A new list each time, never a push: the route module is shared by every Strapi booted in one
  // process (tests boot several), and each app's own switch must decide.
  const base = contentApi.routes.filter((route) => !(endUserRoutes as unknown[]).includes(route));
  routers['content-api'] = { ...contentApi, routes: enabled ? [...base, ...endUserRoutes] : base };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Document Service middlewares must be registered before bootstrap to see every publish.
  strapi.documents.use(createPublishHookMiddleware({ strapi }));
  // Server middlewares added in register run before the app's own (body parser included).
  registerBodyGuard(strapi);
  // After the guard (which still refuses compressed and multipart bodies here), before the parser.
  registerWebhookBody(strapi);
  registerEndUserRoutes(strapi);
  if (getPluginConfig(strapi).endUsers.enabled) registerEndUserSignIn(strapi);
};
