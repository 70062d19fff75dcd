/**
 * The Strapi instance a fault run drives: the real test app with the built plugin, listening on a
 * port known before boot (the sandbox downloads media from it), one mapped content type, one
 * connected account, and the plugin settings a run asks for (worker, request timeout, rate limits).
 */
import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { createAdminSession } from '../../integration/harness/admin';
import { freePort } from '../../integration/harness/ports';
import { startTestApp, type TestApp } from '../../integration/harness/strapi';
import { ARTICLE, baseMapping, createArticle, FAST_WORKER, jpeg, PLUGIN, putMappings, seedConnection, type PublishingApp } from '../../integration/publishing/helpers';

export interface FaultAppOptions {
  worker?: Record<string, unknown>;
  /** Plugin settings beside the worker's, e.g. requestTimeoutMs or rateLimits (set before bootstrap, as a config file would). */
  plugin?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
}

export interface FaultApp extends PublishingApp {
  url: string;
  connection: { id: string; instagramUserId: string };
  coverId: number;
  /** A draft article with the shared cover; its title is unique in the run. */
  draft(title: string): Promise<{ documentId: string }>;
}

const mergeConfig = (strapi: Core.Strapi, key: string, patch: Record<string, unknown>) => {
  const current = (strapi.config.get(`${PLUGIN}.${key}`) ?? {}) as Record<string, unknown>;
  strapi.config.set(`${PLUGIN}.${key}`, typeof current === 'object' && !Array.isArray(current) ? { ...current, ...patch } : patch);
};

export const startFaultApp = async (sandbox: Sandbox, options: FaultAppOptions = {}): Promise<FaultApp> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let app: TestApp;
  app = await startTestApp({
    listen: true,
    mongo: false,
    env: { INSTAGRAM_SANDBOX_URL: sandbox.url, PORT: String(port), PUBLIC_URL: url, STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error', ...options.env },
    configure: (strapi) => {
      // No banner between the figures.
      strapi.config.set('server.logger.startup.enabled', false);
      mergeConfig(strapi, 'worker', { ...FAST_WORKER, ...options.worker });
      for (const [key, value] of Object.entries(options.plugin ?? {})) {
        if (value && typeof value === 'object' && !Array.isArray(value)) mergeConfig(strapi, key, value as Record<string, unknown>);
        else strapi.config.set(`${PLUGIN}.${key}`, value);
      }
    },
  });
  const { auth } = await createAdminSession(app.strapi);
  const publishing: PublishingApp = { app, strapi: app.strapi, auth, stop: (stopOptions) => app.stop(stopOptions) };
  const connection = await seedConnection(app.strapi, sandbox);
  await putMappings(publishing, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
  const cover = await jpeg(app.strapi, 1080, 1080);
  return {
    ...publishing,
    url,
    connection,
    coverId: cover.id,
    draft: (title) => createArticle(app.strapi, { title, excerpt: 'Fault bench', cover: cover.id }),
  };
};
