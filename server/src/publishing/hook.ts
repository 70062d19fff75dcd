import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';

interface Published {
  uid: string;
  documentId: string;
  locales: Array<string | null>;
}

/**
 * Writes the publications the hook asks for, one after another, from a loop started at register
 * time. The editor's publish only pushes to this in-memory list and returns: it never waits for
 * the plugin's reads and writes, and those never run inside the publish's transaction (a long
 * Content Releases transaction cannot be slowed or rolled back by them). The list lives for
 * tens of milliseconds; stopping the plugin drains it before the database closes.
 */
/** How long a publish gets to finish before the plugin writes the rows it asked for. */
const SETTLE_MS = 25;

const createQueueWriter = (strapi: Core.Strapi) => {
  const logger = createLogger(strapi);
  const pending: Published[] = [];
  let wakeUp: (() => void) | null = null;
  let busy = false;
  const drained: Array<() => void> = [];

  const write = async ({ uid, documentId, locales }: Published) => {
    const mapping = await getService(strapi, 'mappings').getEnabled(uid);
    if (!mapping?.autoPublish) return;
    await getService(strapi, 'publications').enqueueFromPublish(uid, documentId, locales, mapping.connectionId);
  };

  const loop = async () => {
    for (;;) {
      // Let the publish that woke us finish first (the middlewares after ours, the response):
      // the rows are written a few milliseconds later instead of competing with the editor's request.
      if (pending.length > 0) await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
      while (pending.length > 0) {
        busy = true;
        const next = pending.shift()!;
        try {
          await write(next);
        } catch (error) {
          logger.error(`could not queue the Instagram post of ${next.uid} ${next.documentId}; the entry is published, post it from the Instagram panel`, error);
        }
      }
      busy = false;
      for (const resolve of drained.splice(0)) resolve();
      await new Promise<void>((resolve) => (wakeUp = resolve));
      wakeUp = null;
    }
  };
  void loop();

  return {
    push(item: Published) {
      pending.push(item);
      wakeUp?.();
    },
    /** Resolves once everything pushed so far is written (or logged as failed). */
    drain: () => (pending.length === 0 && !busy ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve))),
  };
};

const writers = new WeakMap<Core.Strapi, ReturnType<typeof createQueueWriter>>();

/** Waits until every publish seen so far has its publication rows written. */
export const drainPublishHook = async (strapi: Core.Strapi) => {
  await writers.get(strapi)?.drain();
};

/**
 * Document Service middleware: after a `publish` of an `api::` type it hands the document and its
 * published locales to the queue writer, which writes one queued publication per locale when the
 * type is mapped with auto-publish. It sees every publish whatever started it (admin button, REST,
 * Content Releases, schedulers), and it never fails or slows the editor's publish.
 */
export const registerPublishHook = (strapi: Core.Strapi) => {
  const writer = createQueueWriter(strapi);
  writers.set(strapi, writer);
  const logger = createLogger(strapi);
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.action !== 'publish' || !String(context.uid).startsWith('api::')) return result;
    try {
      const published = result as { documentId?: string; entries?: Array<{ locale?: string | null }> } | undefined;
      const documentId = published?.documentId ?? (context.params as { documentId?: string } | undefined)?.documentId;
      if (documentId) {
        const locales = [...new Set((published?.entries ?? []).map((entry) => entry.locale ?? null))];
        writer.push({ uid: context.uid, documentId, locales: locales.length > 0 ? locales : [null] });
      }
    } catch (error) {
      logger.error(`could not queue the Instagram post of ${context.uid}; the entry is published`, error);
    }
    return result;
  });
};
