/**
 * Pure shaping of an account's insights (no store, no Strapi): the followers series from the daily
 * account snapshots, the latest numbers, and the ranking of top posts. Kept apart so the rules are
 * unit-tested on their own.
 */
import type { AccountDayView, TopPostsRanking } from '../../contracts';
import type { AccountSnapshot, PublishedPost } from '../../store/insights';

const DAY_MS = 86_400_000;

export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The day before the window of `days` days ending today (UTC): the store lists snapshots after it,
 * so `days = 1` is today alone and `days = 30` today and the 29 days before.
 */
export const windowStart = (now: Date, days: number) => utcDay(new Date(now.getTime() - days * DAY_MS));

/** One point per snapshot day, oldest first (the store keeps one snapshot per account and day). */
export const accountSeries = (snapshots: readonly AccountSnapshot[]): AccountDayView[] =>
  [...snapshots]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((snapshot) => ({ day: snapshot.day, followers: snapshot.followersCount, reach: snapshot.reach }));

/**
 * The latest followers (the newest snapshot that has a count, else the profile's count read at the
 * last profile sync) and the newest day's reach.
 */
export const latestNumbers = (series: readonly AccountDayView[], profileFollowers: number | null) => {
  const followers = [...series].reverse().find((point) => point.followers !== null);
  const reach = [...series].reverse().find((point) => point.reach !== null);
  return {
    followers: followers?.followers ?? profileFollowers ?? null,
    reach: reach?.reach ?? null,
    reachDay: reach?.day ?? null,
  };
};

export interface RankedPost {
  post: PublishedPost;
  likes: number | null;
  comments: number | null;
  reach: number | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Higher first; a post without the number goes after every post with it. */
const byDescending = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);

/**
 * The top `limit` posts that have numbers: by reach when any post has a reach (a connection with the insights
 * permission), else by likes (one connected before it, whose posts have counts only). Ties go to
 * the other number, then to the newer post. Comparing one post's reach with another's likes would
 * mean nothing, so the order is chosen once for the whole list.
 */
export const rankTopPosts = (posts: readonly PublishedPost[], limit: number): { rankedBy: TopPostsRanking; posts: RankedPost[] } => {
  const numbered: RankedPost[] = posts
    .map((post) => ({
      post,
      likes: numberOrNull(post.insights?.likes),
      comments: numberOrNull(post.insights?.comments),
      reach: numberOrNull(post.insights?.metrics?.reach),
    }))
    // A post not read yet has nothing to rank by.
    .filter((item) => item.likes !== null || item.reach !== null);
  const rankedBy: TopPostsRanking = numbered.some((item) => item.reach !== null) ? 'reach' : 'likes';
  const second: TopPostsRanking = rankedBy === 'reach' ? 'likes' : 'reach';
  const sorted = [...numbered].sort(
    (a, b) =>
      byDescending(a[rankedBy], b[rankedBy]) ||
      byDescending(a[second], b[second]) ||
      (b.post.postedAt?.getTime() ?? 0) - (a.post.postedAt?.getTime() ?? 0)
  );
  return { rankedBy, posts: sorted.slice(0, limit) };
};
