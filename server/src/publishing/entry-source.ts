import type { Core } from '@strapi/strapi';
import type { PublicationError } from '../store/types';
import { getService } from '../utils/get-service';
import { getContentType, type ContentTypeInfo } from './content-types';
import { loadEntry } from './entry';
import type { Mapping, WorkerConfig } from './mapping-schema';
import { buildPlan, type PlanResult } from './plan';
import type { PostSource } from './post-content';

export interface MappedType {
  type: ContentTypeInfo;
  mapping: Mapping;
}

/** The entry a post is made of, and the editor's own caption when there is one. */
export interface EntryTarget {
  documentId: string;
  locale: string | null;
  captionOverride: string | null;
}

export interface PlanSettings {
  worker: WorkerConfig;
  sandbox: boolean;
  publicUrl: string;
}

/** The settings read again for each post: the plugin's config may change while the worker runs. */
export type LiveSettings = { [K in keyof PlanSettings]: () => PlanSettings[K] };

/** A content type of the app with its enabled mapping; null when the type is gone or not mapped. */
export const mappedType = async (strapi: Core.Strapi, uid: string): Promise<MappedType | null> => {
  const type = getContentType(strapi, uid);
  const mapping = type ? await getService(strapi, 'mappings').getEnabled(uid) : null;
  return type && mapping ? { type, mapping } : null;
};

/**
 * What would be posted for the published version of an entry; null when it has none. With
 * `prepare` the media are read and renditions made (the worker); without, only described.
 */
export const planEntry = async (strapi: Core.Strapi, { type, mapping }: MappedType, target: EntryTarget, prepare: boolean, settings: PlanSettings): Promise<PlanResult | null> => {
  const entry = await loadEntry(strapi, type, mapping, { documentId: target.documentId, locale: target.locale, status: 'published' });
  if (!entry) return null;
  return buildPlan(strapi, { mapping, type, entry, locale: target.locale, captionOverride: target.captionOverride, prepare, ...settings });
};

const invalid = (message: string): { failure: PublicationError } => ({ failure: { code: null, subcode: null, class: 'invalid', message } });

/**
 * Posts made from CMS entries: the publication names an entry (type, document, locale) and the
 * type's mapping says which fields become the media, the caption and the options. The published
 * version is read when the publication is prepared, so the post shows the entry as it is then.
 */
export const createEntrySource = (strapi: Core.Strapi, settings: LiveSettings): PostSource => ({
  async open(publication) {
    const mapped = await mappedType(strapi, publication.uid);
    if (!mapped) {
      const message = `Instagram publishing is not enabled for ${getContentType(strapi, publication.uid)?.displayName ?? publication.uid}. Enable it in the plugin settings, then retry.`;
      return { failure: { code: null, subcode: null, class: 'mapping', message } };
    }
    return {
      async prepare() {
        const target = {
          documentId: publication.documentId,
          locale: publication.locale,
          // An editor's own caption (post now, schedule, retry); a publish posts what the template makes.
          captionOverride: publication.caption !== null && publication.trigger !== 'publish' ? publication.caption : null,
        };
        const result = await planEntry(strapi, mapped, target, true, { worker: settings.worker(), sandbox: settings.sandbox(), publicUrl: settings.publicUrl() });
        if (!result) return invalid('The entry has no published version (it may have been unpublished or deleted).');
        if (!result.plan) return invalid(result.errors.join(' '));
        return { plan: result.plan, warnings: result.warnings };
      },
    };
  },
});
