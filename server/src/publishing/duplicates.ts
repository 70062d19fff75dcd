import { createHash } from 'node:crypto';
import type { Publication, Store } from '../store/types';

/**
 * "Never post twice": one key per (Instagram account, entry, locale, content). A publication takes
 * the key when it is prepared and keeps it once published; the store's unique index on the key is
 * what makes two racing workers unable to both post the same thing. An editor who confirms a
 * repeat gets a key of its own (suffixed with the publication id).
 */

export interface DedupeSubject {
  /** The professional account id: a disconnect and reconnect of the account keeps its posts. */
  instagramUserId: string;
  uid: string;
  documentId: string;
  locale: string | null;
  contentHash: string;
}

export const dedupeKeyOf = (subject: DedupeSubject, repeatOf?: string): string => {
  const base = createHash('sha256')
    .update(JSON.stringify([subject.instagramUserId, subject.uid, subject.documentId, subject.locale ?? '', subject.contentHash]))
    .digest('hex');
  return repeatOf ? `${base}:${repeatOf}` : base;
};

/** The publication that already holds `key` (live, published, or failed after media_publish went out). */
export const findKeyHolder = async (store: Store, key: string, exceptId?: string): Promise<Publication | null> => {
  const { results } = await store.publications.list({ dedupeKey: key, page: 1, pageSize: 2 });
  return results.find((publication) => publication.id !== exceptId) ?? null;
};

/** A failure that happened before media_publish was sent posted nothing: its key can go. */
export const keyReleasedOnFailure = (state: { publishRequestedAt?: number }) => !state.publishRequestedAt;

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** What a duplicate is of: a version of an entry, or an end user's post of their files. */
export type DuplicateSubject = 'entry' | 'post';

const SUBJECT: Record<DuplicateSubject, string> = { entry: 'this version of the entry', post: 'this post (the same files, caption and options)' };
const capitalized = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

/** What an editor (or end user) reads about the publication that already posted (or is posting) the same thing. */
export const describeHolder = (holder: Publication, username: string | null, subject: DuplicateSubject = 'entry'): string => {
  const account = username ? `@${username}` : 'this Instagram account';
  const what = SUBJECT[subject];
  if (holder.status === 'published') {
    const when = day(holder.publishedAt);
    return `${capitalized(what)} was already posted to ${account}${when ? ` on ${when}` : ''}${holder.permalink ? ` (${holder.permalink})` : ''}.`;
  }
  if (holder.status === 'failed') {
    return `An earlier attempt may already have posted ${what} to ${account}: check the account before posting it again.`;
  }
  return `${capitalized(what)} is already on its way to ${account}.`;
};

/** The part of a holder an API answer may name: never its token, lease or step state. */
export const holderSummary = (holder: Publication, username: string | null) => ({
  id: holder.id,
  status: holder.status,
  permalink: holder.permalink,
  publishedAt: holder.publishedAt ? holder.publishedAt.toISOString() : null,
  username,
});
