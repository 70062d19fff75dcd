import { z } from 'zod';
import { PUBLICATION_SORT_FIELDS, type PublicationSort, type SortDirection } from '../contracts';

export const SORT_MESSAGE = `must be <field>:<direction>, field one of ${PUBLICATION_SORT_FIELDS.join(', ')} and direction asc or desc (e.g. likes:desc)`;

/**
 * `likes:desc` → { field: 'likes', direction: 'desc' }. Any case (Strapi's own list views send
 * `likes:DESC`); the direction defaults to desc, the biggest numbers or the newest first. Null for
 * anything else.
 */
export const parsePublicationSort = (text: string): PublicationSort | null => {
  const match = /^([A-Za-z]{1,20})(?::(asc|desc))?$/i.exec(text.trim());
  if (!match) return null;
  const field = PUBLICATION_SORT_FIELDS.find((name) => name.toLowerCase() === match[1]!.toLowerCase());
  if (!field) return null;
  return { field, direction: (match[2]?.toLowerCase() ?? 'desc') as SortDirection };
};

/** The `sort` query parameter of both publications lists (admin and /me); a bad value is a 400 naming `sort`. */
export const publicationSortSchema = z
  .string({ error: SORT_MESSAGE })
  .max(40, SORT_MESSAGE)
  .transform((value, ctx): PublicationSort => {
    const sort = parsePublicationSort(value);
    if (sort) return sort;
    ctx.addIssue({ code: 'custom', message: SORT_MESSAGE });
    return z.NEVER;
  });
