import type { Core } from '@strapi/strapi';

export const PLUGIN_ID = 'instagram-publisher';

export interface FuzzRoute {
  /** As served, e.g. `/instagram-publisher/connections/:id/refresh`. */
  path: string;
  method: string;
  type: 'admin' | 'content-api';
  /** `controller.action` from the plugin's route registry (`connections.refresh`). */
  handler: string;
  /** `:id`, `:code`, ... */
  params: string[];
  /** Meta's callbacks and the OAuth callback: no Strapi authentication at all. */
  public: boolean;
}

interface PluginRoute {
  method: string;
  path: string;
  handler: string;
  config?: { auth?: unknown };
}

/**
 * Every route of the plugin as the booted app serves it: read from the server's router (so a
 * route added later is fuzzed without editing this file) and joined to the plugin's own route
 * registry for the handler name. Throws when the two disagree, which would mean a route is
 * declared but not served, or served under a path the plugin does not declare.
 */
export const pluginRoutes = (strapi: Core.Strapi): FuzzRoute[] => {
  const registry = strapi.plugin(PLUGIN_ID).routes as unknown as Record<string, { type: string; routes: PluginRoute[] }>;
  const apiPrefix = String(strapi.config.get('api.rest.prefix', '/api'));
  const declared = Object.values(registry).flatMap(({ type, routes }) =>
    routes.map((route) => ({
      ...route,
      type: type as FuzzRoute['type'],
      served: `${type === 'content-api' ? apiPrefix : ''}/${PLUGIN_ID}${route.path}`,
    })),
  );

  const layers = (strapi.server as unknown as { listRoutes(): Array<{ path: string; methods: string[]; paramNames: Array<{ name: string }> }> }).listRoutes();
  const byPath = new Map<string, FuzzRoute>();
  for (const layer of layers) {
    if (!layer.path.startsWith(`/${PLUGIN_ID}/`) && !layer.path.startsWith(`${apiPrefix}/${PLUGIN_ID}/`)) continue;
    for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
      const route = declared.find((candidate) => candidate.served === layer.path && candidate.method === method);
      if (!route) throw new Error(`${method} ${layer.path} is served but not declared in the plugin's routes`);
      byPath.set(`${method} ${layer.path}`, {
        path: layer.path,
        method,
        type: route.type,
        handler: route.handler,
        params: layer.paramNames.map((param) => param.name),
        public: route.config?.auth === false,
      });
    }
  }
  for (const route of declared) {
    if (!byPath.has(`${route.method} ${route.served}`)) throw new Error(`${route.method} ${route.served} is declared but not served`);
  }
  // One entry per (method, path), in a stable order so a seed always means the same requests.
  return [...byPath.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, route]) => route);
};
