/**
 * Ordering a publications list in the database with correct pages. Rows sorted by a latest number
 * (likes, comments, reach) put the posts never read after the others in both directions; the
 * query engine has no NULLS LAST (and SQLite, PostgreSQL and MySQL disagree on where nulls go), so
 * a page is read as up to two ranges: the numbered rows in the asked order, then the unread ones
 * newest first, cut where the page crosses from one to the other.
 */
import { DEFAULT_PUBLICATION_SORT, type PublicationSort, type PublicationSortField, type SortDirection } from '../contracts';

/** The publication attribute each sort field orders by. */
export const SORT_ATTRIBUTES: Record<PublicationSortField, 'createdAt' | 'likeCount' | 'commentCount' | 'reachCount'> = {
  createdAt: 'createdAt',
  likes: 'likeCount',
  comments: 'commentCount',
  reach: 'reachCount',
};

export type OrderBy = Array<Record<string, SortDirection>>;

/** Ties (equal counts) break newest first, then by id, so a page boundary never shows a row twice. */
const NEWEST: OrderBy = [{ createdAt: 'desc' }, { id: 'desc' }];

/** The order of the rows that have the sorted value (every row for createdAt). */
export const orderOf = (sort: PublicationSort = DEFAULT_PUBLICATION_SORT): OrderBy =>
  sort.field === 'createdAt'
    ? [{ createdAt: sort.direction }, { id: sort.direction }]
    : [{ [SORT_ATTRIBUTES[sort.field]]: sort.direction }, ...NEWEST];

/** The order of the rows without it (never read), which always come last. */
export const UNREAD_ORDER: OrderBy = NEWEST;

/** Whether the sort can meet nulls: createdAt is always set. */
export const sortsByNumber = (sort: PublicationSort | undefined): sort is PublicationSort => Boolean(sort && sort.field !== 'createdAt');

export interface PageRange {
  part: 'numbered' | 'unread';
  offset: number;
  limit: number;
}

/**
 * The ranges that make the page starting at `offset` (`limit` rows) when `numbered` rows have the
 * sorted value and come first: zero, one or two ranges, each with its own offset in its part.
 */
export const nullsLastRanges = (offset: number, limit: number, numbered: number): PageRange[] => {
  const ranges: PageRange[] = [];
  if (limit <= 0) return ranges;
  if (offset < numbered) ranges.push({ part: 'numbered', offset, limit: Math.min(limit, numbered - offset) });
  const taken = ranges.reduce((sum, range) => sum + range.limit, 0);
  if (taken < limit) ranges.push({ part: 'unread', offset: Math.max(0, offset - numbered), limit: limit - taken });
  return ranges;
};
