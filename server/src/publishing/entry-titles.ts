import type { Core } from '@strapi/strapi';
import type { Publication } from '../store/types';
import { TEXT_TYPES, fieldOf, getContentType } from './content-types';

/** Text-like fields that read as a one-line title (rich text, blocks and booleans do not). */
const TITLE_TYPES = new Set([...TEXT_TYPES].filter((type) => !['richtext', 'blocks', 'boolean'].includes(type)));

const keyOf = (uid: string, documentId: string, locale: string | null) => `${uid}\u0000${documentId}\u0000${locale ?? ''}`;

/** The field the Content Manager shows as an entry's title, when it is one that reads as text. */
const mainFieldOf = async (strapi: Core.Strapi, uid: string): Promise<string | null> => {
  const type = getContentType(strapi, uid);
  if (!type) return null;
  try {
    const configuration = await strapi.plugin('content-manager').service('content-types').findConfiguration({ uid });
    const mainField = configuration?.settings?.mainField as string | undefined;
    const field = fieldOf(type, mainField);
    return field && TITLE_TYPES.has(field.type) ? field.name : null;
  } catch {
    // No Content Manager configuration (yet): the admin shows the document id instead.
    return null;
  }
};

/**
 * The title of each publication's entry, one query per content type on the page, so lists can say
 * "Summer menu" rather than a document id. Any version of the entry gives it (draft or published,
 * the publication's locale first); an entry deleted since has none.
 */
export const entryTitles = async (strapi: Core.Strapi, publications: ReadonlyArray<Pick<Publication, 'uid' | 'documentId' | 'locale'>>) => {
  const titles = new Map<string, string>();
  const documentsByUid = new Map<string, Set<string>>();
  for (const publication of publications) {
    const documents = documentsByUid.get(publication.uid) ?? new Set<string>();
    documents.add(publication.documentId);
    documentsByUid.set(publication.uid, documents);
  }
  for (const [uid, documentIds] of documentsByUid) {
    const mainField = await mainFieldOf(strapi, uid);
    if (!mainField) continue;
    const localized = getContentType(strapi, uid)!.localized;
    const rows = (await strapi.db.query(uid as any).findMany({
      select: ['documentId', mainField, ...(localized ? ['locale'] : [])],
      where: { documentId: { $in: [...documentIds] } },
    })) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const value = row[mainField];
      if (value === null || value === undefined || String(value).trim() === '') continue;
      const locale = localized ? ((row.locale as string | null) ?? null) : null;
      titles.set(keyOf(uid, String(row.documentId), locale), String(value));
      // Any locale stands in for a publication whose own locale has no title.
      if (!titles.has(keyOf(uid, String(row.documentId), '*'))) titles.set(keyOf(uid, String(row.documentId), '*'), String(value));
    }
  }
  return (publication: Pick<Publication, 'uid' | 'documentId' | 'locale'>): string | null =>
    titles.get(keyOf(publication.uid, publication.documentId, publication.locale)) ?? titles.get(keyOf(publication.uid, publication.documentId, '*')) ?? null;
};
