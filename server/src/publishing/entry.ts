import type { Core } from '@strapi/strapi';
import type { ContentTypeInfo } from './content-types';
import type { Mapping } from './mapping-schema';

export interface EntryQuery {
  documentId?: string;
  locale?: string | null;
  /** Which version to read; ignored by types without draft & publish. */
  status?: 'draft' | 'published';
  /** Extra Document Service filters, e.g. what the admin may read in the Content Manager. */
  filters?: Record<string, unknown>;
}

/** The fields a mapping reads that need populating (media). */
const populateOf = (mapping: Mapping) =>
  Object.fromEntries([...new Set([...mapping.mediaFields, ...(mapping.coverField ? [mapping.coverField] : [])])].map((field) => [field, true]));

/**
 * Reads an entry with its media through the Document Service (so locales and draft/published
 * versions resolve as everywhere else in Strapi). Without documentId: the latest updated entry.
 */
export const loadEntry = async (strapi: Core.Strapi, type: ContentTypeInfo, mapping: Mapping, query: EntryQuery): Promise<Record<string, any> | null> => {
  const documents = strapi.documents(type.uid as any) as any;
  const params: Record<string, unknown> = { populate: populateOf(mapping) };
  if (type.localized && query.locale) params.locale = query.locale;
  if (type.draftAndPublish) params.status = query.status ?? 'published';
  if (query.filters) params.filters = query.filters;
  if (query.documentId) return (await documents.findOne({ documentId: query.documentId, ...params })) ?? null;
  return (await documents.findFirst({ ...params, sort: 'updatedAt:desc' })) ?? null;
};

/** The default locale when the type is localized and none was given; null for unlocalized types. */
export const resolveLocale = async (strapi: Core.Strapi, type: ContentTypeInfo, locale: string | null | undefined): Promise<string | null> => {
  if (!type.localized) return null;
  if (locale) return locale;
  const i18n = strapi.plugin('i18n');
  const fallback = i18n ? await i18n.service('locales').getDefaultLocale() : null;
  return fallback ?? 'en';
};
