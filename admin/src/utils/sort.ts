import { DEFAULT_PUBLICATION_SORT, PUBLICATION_SORT_FIELDS, type PublicationSort, type PublicationSortField } from '../../../server/src/contracts';

/**
 * The publications page keeps its order in the address bar (`?sort=likes:desc`), like its filters
 * and like Strapi's own list views. Anything unreadable there shows the default order (newest first).
 */
export const readSort = (text: string | undefined): PublicationSort => {
  const [field, direction] = (text ?? '').split(':');
  const known = PUBLICATION_SORT_FIELDS.find((name) => name === field);
  if (!known) return DEFAULT_PUBLICATION_SORT;
  return { field: known, direction: direction?.toLowerCase() === 'asc' ? 'asc' : 'desc' };
};

export const formatSort = (sort: PublicationSort): string => `${sort.field}:${sort.direction}`;

/** A click on a column's header: the biggest numbers (or the newest) first, a second click flips it. */
export const nextSort = (current: PublicationSort, field: PublicationSortField): PublicationSort =>
  current.field === field ? { field, direction: current.direction === 'desc' ? 'asc' : 'desc' } : { field, direction: 'desc' };
