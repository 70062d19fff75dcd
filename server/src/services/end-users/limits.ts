import type { Store } from '../../store/types';
import { tooManyRequests } from '../../utils/errors';

export const DAY_MS = 24 * 60 * 60 * 1000;

const inWords = (seconds: number) => {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
};

/**
 * `endUsers.postsPerDay`: the posts one user queued over the last 24 hours (whatever became of
 * them: a cancelled post was still a request), on top of Meta's own quota per account. Over the
 * limit → 429 with the seconds until enough of them leave the window.
 */
export const assertUnderDailyPosts = async (store: Store, userId: string, max: number, now = new Date()) => {
  const since = new Date(now.getTime() - DAY_MS);
  // Newest first: the max-th newest post is the one whose leaving brings the count under the limit.
  const { results, total } = await store.publications.list({ ownerUserId: userId, createdAfter: since, page: max, pageSize: 1 });
  if (total < max) return;
  const limiting = results[0];
  const retryAfterSeconds = limiting ? Math.max(1, Math.ceil((limiting.createdAt.getTime() + DAY_MS - now.getTime()) / 1000)) : 60;
  throw tooManyRequests(`You have queued ${total} posts in the last 24 hours, the most this application allows (${max}). Try again in ${inWords(retryAfterSeconds)}.`, {
    limit: 'postsPerDay',
    max,
    retryAfterSeconds,
  });
};
