import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { withSavepoint } from '../utils/savepoint';

/** A Document Service middleware, as `strapi.documents.use` takes it. */
export type DocumentsMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

type Published = { documentId?: string; entries?: Array<{ locale?: string | null }> } | undefined;

/**
 * Document Service middleware: on a `publish` of a mapped, auto-publishing `api::` type it writes
 * one queued publication row per published locale and returns; the worker does the rest. It sees
 * every publish whatever started it (admin button, REST, Content Releases, schedulers).
 *
 * The publish and its rows share one transaction, as the Content Manager's Publish button already
 * does for every publish: the rows commit with the publish or not at all, so neither a crash right
 * after an editor's publish nor a rolled-back publish can lose or invent a post, and the publish's
 * own writes commit once. The rows are written under a savepoint: a failure to queue is logged and
 * the publish stands. Other types and actions pass through untouched.
 */
export const createPublishHookMiddleware = ({ strapi }: { strapi: Core.Strapi }): DocumentsMiddleware => {
  const logger = createLogger(strapi);

  const queue = async (uid: string, published: Published, params: unknown, connectionId: string | null) => {
    const documentId = published?.documentId ?? (params as { documentId?: string } | undefined)?.documentId;
    if (!documentId) return;
    try {
      const locales = [...new Set((published?.entries ?? []).map((entry) => entry.locale ?? null))];
      await withSavepoint(strapi, () => getService(strapi, 'publications').enqueueFromPublish(uid, documentId, locales.length > 0 ? locales : [null], connectionId));
    } catch (error) {
      logger.error(`could not queue the Instagram post of ${uid} ${documentId}; the entry is published, post it from the Instagram panel`, error);
    }
  };

  return async (context, next) => {
    if (context.action !== 'publish' || !String(context.uid).startsWith('api::')) return next();
    const mapping = await getService(strapi, 'mappings')
      .getEnabled(context.uid)
      .catch((error) => {
        logger.error(`could not read the Instagram mapping of ${context.uid}; this publish queues no post`, error);
        return null;
      });
    if (!mapping?.autoPublish) return next();
    return strapi.db.transaction(async () => {
      const result = await next();
      await queue(context.uid, result as Published, context.params, mapping.connectionId);
      return result;
    });
  };
};
