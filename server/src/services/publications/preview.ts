import type { Preview } from '../../contracts';
import { getPluginConfig } from '../../config/resolve';
import { captionLimitsOf } from '../../publishing/caption';
import { getContentType } from '../../publishing/content-types';
import { loadEntry, resolveLocale } from '../../publishing/entry';
import type { Mapping } from '../../publishing/mapping-schema';
import { buildPlan } from '../../publishing/plan';
import { invalidField, notFound } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { Actor, PublicationsContext } from './context';

export interface PreviewInput {
  uid: string;
  documentId?: string;
  locale?: string | null;
  /** An unsaved mapping (normalised by the schema); the saved one otherwise. */
  mapping?: Mapping;
  status?: 'draft' | 'published';
}

/** The preview: what would be posted for an entry, with every problem Instagram would refuse found first. */
export const createPreview = (context: PublicationsContext) => {
  const { strapi, access } = context;
  const mappings = () => getService(strapi, 'mappings');

  return {
    /** What would be posted for an entry (the latest one the admin may read when no documentId). */
    async preview(input: PreviewInput, actor: Actor = {}): Promise<Preview> {
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalidField('uid', `${input.uid} is not a content type of this application.`);
      // An unsaved mapping is checked as PUT /settings would check it: a bad template is a 400, not a 500.
      if (input.mapping) await mappings().assertValid({ [input.uid]: input.mapping }, () => ['mapping']);
      const mapping = input.mapping ?? (await mappings().getAll())[input.uid];
      if (!mapping) throw invalidField('mapping', `${type.displayName} has no Instagram mapping yet: send one to preview.`);
      const locale = await resolveLocale(strapi, type, input.locale);
      const status = input.status ?? 'draft';
      // The entry is checked before it is read; "the latest entry" is the latest the admin may read.
      const filters = input.documentId
        ? (await access().assertCanRead(actor.ability, { uid: input.uid, documentId: input.documentId, locale, status }), undefined)
        : await access().readableFilters(actor.ability, input.uid);
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status, filters });
      const config = getPluginConfig(strapi);
      // The edit-view panel shows itself only for a type whose mapping is switched on.
      const used = { enabled: mapping.enabled, autoPublish: mapping.autoPublish, connectionId: mapping.connectionId };
      if (!entry) {
        if (input.documentId) throw notFound(`${type.displayName} "${input.documentId}" not found`);
        return {
          kind: null,
          caption: '',
          media: [],
          warnings: [],
          // The normal first state of a new type, not a problem with a post: the admin shows it as a note.
          errors: [],
          notice: `There is no ${type.displayName} entry to preview yet.`,
          counts: { characters: 0, hashtags: 0, mentions: 0 },
          limits: captionLimitsOf(config.limits),
          mapping: used,
        };
      }
      const result = await buildPlan(strapi, {
        mapping,
        type,
        entry,
        locale,
        prepare: false,
        worker: config.worker,
        sandbox: config.sandbox,
        publicUrl: getService(strapi, 'urls').publicUrl(),
      });
      return {
        kind: result.kind,
        caption: result.caption,
        media: result.media.map((item) => ({ url: item.url, alt: item.alt, mime: item.mime, width: item.width, height: item.height })),
        warnings: result.warnings,
        errors: result.errors,
        counts: result.counts,
        limits: result.limits,
        mapping: used,
      };
    },
  };
};
