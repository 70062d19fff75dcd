import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';

/**
 * Document Service middleware: after a `publish` of a mapped, auto-publishing type it writes one
 * queued publication per published locale and returns. It sees every publish whatever started it
 * (admin button, REST, Content Releases, schedulers), and it never fails or slows the editor's
 * publish beyond that one insert: a failure to queue is logged and the publish stands.
 */
export const registerPublishHook = (strapi: Core.Strapi) => {
  const logger = createLogger(strapi);
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.action !== 'publish' || !String(context.uid).startsWith('api::')) return result;
    try {
      const mapping = await getService(strapi, 'mappings').getEnabled(context.uid);
      if (!mapping?.autoPublish) return result;
      const published = result as { documentId?: string; entries?: Array<{ locale?: string | null }> } | undefined;
      const documentId = published?.documentId ?? (context.params as { documentId?: string })?.documentId;
      if (!documentId) return result;
      const locales = [...new Set((published?.entries ?? []).map((entry) => entry.locale ?? null))];
      await getService(strapi, 'publications').enqueueFromPublish(context.uid, documentId, locales.length ? locales : [null], mapping.connectionId);
    } catch (error) {
      logger.error(`could not queue the Instagram post of ${context.uid}; the entry is published, retry from the Instagram panel`, error);
    }
    return result;
  });
};
