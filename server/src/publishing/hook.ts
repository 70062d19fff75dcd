import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';

/**
 * Document Service middleware: after a `publish` of a mapped, auto-publishing `api::` type it
 * writes one queued publication row per published locale and returns; the worker does the rest.
 * It sees every publish whatever started it (admin button, REST, Content Releases, schedulers).
 *
 * The row is written before the publish returns, so a crash right after an editor's publish
 * cannot lose the post, and a publish rolled back with its transaction queues nothing. It costs
 * one cached mapping lookup and one insert; a failure to queue is logged and the publish stands.
 */
export const registerPublishHook = (strapi: Core.Strapi) => {
  const logger = createLogger(strapi);
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.action !== 'publish' || !String(context.uid).startsWith('api::')) return result;
    const published = result as { documentId?: string; entries?: Array<{ locale?: string | null }> } | undefined;
    const documentId = published?.documentId ?? (context.params as { documentId?: string } | undefined)?.documentId;
    if (!documentId) return result;
    try {
      const mapping = await getService(strapi, 'mappings').getEnabled(context.uid);
      if (!mapping?.autoPublish) return result;
      const locales = [...new Set((published?.entries ?? []).map((entry) => entry.locale ?? null))];
      await getService(strapi, 'publications').enqueueFromPublish(context.uid, documentId, locales.length > 0 ? locales : [null], mapping.connectionId);
    } catch (error) {
      logger.error(
        `could not queue the Instagram post of ${context.uid} ${documentId}; the entry is published, post it from the Instagram panel`,
        error
      );
    }
    return result;
  });
};
