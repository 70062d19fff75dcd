import type { Account, GraphClient, Media } from '../instagram';
import type { PostKind } from '../store/types';

/** How far Meta's post timestamps may run behind this server's clock. */
const CLOCK_SKEW_MS = 10 * 60_000;

const PRODUCT_TYPE: Record<PostKind, string> = { image: 'FEED', carousel: 'FEED', reel: 'REELS', story: 'STORY' };
const MEDIA_TYPE: Record<PostKind, string[]> = { image: ['IMAGE'], carousel: ['CAROUSEL_ALBUM'], reel: ['VIDEO'], story: ['IMAGE', 'VIDEO'] };

/** Meta stores captions with Unix line ends and without surrounding blanks. */
const normaliseCaption = (caption: string | null) => (caption ?? '').replace(/\r\n?/g, '\n').trim();

export interface PostedLookup {
  kind: PostKind;
  caption: string;
  /** No post of this publication can be older than this (its creation). */
  notBefore: Date;
  /** Which of these media ids other publications already posted: those are not this one. */
  takenOf(mediaIds: string[]): Promise<Set<string>>;
}

/**
 * Finds the post a container became when the answer of its media_publish was lost: Meta links a
 * container to its media nowhere else, so the account's latest posts are matched on kind, caption
 * (not for stories, which have none) and time, leaving out posts other publications already own.
 * Only one match counts: with two candidates (the same caption posted from outside the plugin
 * too) the id stays unknown rather than possibly wrong.
 */
export const findPublishedMedia = async (graph: GraphClient, account: Account, lookup: PostedLookup): Promise<Media | null> => {
  const recent = await graph.listRecentMedia(account, { stories: lookup.kind === 'story' });
  const earliest = lookup.notBefore.getTime() - CLOCK_SKEW_MS;
  const caption = normaliseCaption(lookup.caption);
  const matches = recent.filter(
    (media) =>
      (media.mediaProductType === null || media.mediaProductType === PRODUCT_TYPE[lookup.kind]) &&
      (media.mediaType === null || MEDIA_TYPE[lookup.kind].includes(media.mediaType)) &&
      (media.timestamp === null || media.timestamp.getTime() >= earliest) &&
      (lookup.kind === 'story' || normaliseCaption(media.caption) === caption),
  );
  if (matches.length === 0) return null;
  const taken = await lookup.takenOf(matches.map((media) => media.id));
  const free = matches.filter((media) => !taken.has(media.id));
  return free.length === 1 ? free[0] : null;
};
