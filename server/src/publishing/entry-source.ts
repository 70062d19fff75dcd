import type { Core } from '@strapi/strapi';
import type { PublicationError } from '../store/types';
import { getService } from '../utils/get-service';
import { getContentType } from './content-types';
import { loadEntry } from './entry';
import type { WorkerConfig } from './mapping-schema';
import { buildPlan } from './plan';
import type { PostSource } from './post-content';

export interface EntrySourceOptions {
  config(): WorkerConfig;
  sandbox(): boolean;
  publicUrl(): string;
}

const invalid = (message: string): { failure: PublicationError } => ({ failure: { code: null, subcode: null, class: 'invalid', message } });

/**
 * Posts made from CMS entries: the publication names an entry (type, document, locale) and the
 * type's mapping says which fields become the media, the caption and the options. The published
 * version is read when the publication is prepared, so the post shows the entry as it is then.
 */
export const createEntrySource = (strapi: Core.Strapi, options: EntrySourceOptions): PostSource => ({
  async open(publication) {
    const type = getContentType(strapi, publication.uid);
    const mapping = type ? await getService(strapi, 'mappings').getEnabled(publication.uid) : null;
    if (!type || !mapping) {
      const message = `Instagram publishing is not enabled for ${type?.displayName ?? publication.uid}. Enable it in the plugin settings, then retry.`;
      return { failure: { code: null, subcode: null, class: 'mapping', message } };
    }
    return {
      async prepare() {
        const entry = await loadEntry(strapi, type, mapping, { documentId: publication.documentId, locale: publication.locale, status: 'published' });
        if (!entry) return invalid('The entry has no published version (it may have been unpublished or deleted).');
        const result = await buildPlan(strapi, {
          mapping,
          type,
          entry,
          locale: publication.locale,
          // An editor's own caption (post now, schedule, retry); a publish posts what the template makes.
          captionOverride: publication.caption !== null && publication.trigger !== 'publish' ? publication.caption : null,
          prepare: true,
          worker: options.config(),
          sandbox: options.sandbox(),
          publicUrl: options.publicUrl(),
        });
        if (!result.plan) return invalid(result.errors.join(' '));
        return { plan: result.plan, warnings: result.warnings };
      },
    };
  },
});
