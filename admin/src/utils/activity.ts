import type { PostCounts } from '../../../server/src/contracts';

/** What says "a comment arrived" on a post: its count (moved by notifications and reads) and its last comment's time. */
export const activityMarker = (activity: Pick<PostCounts, 'commentCount' | 'lastCommentAt'>) => `${activity.commentCount ?? '-'}|${activity.lastCommentAt ?? '-'}`;

/**
 * Remembers the last marker seen and answers whether a new one differs from it. The first read
 * only sets the baseline: what was there when the list opened is already shown.
 */
export const createChangeDetector = () => {
  let seen: string | null = null;
  return (marker: string): boolean => {
    const changed = seen !== null && seen !== marker;
    seen = marker;
    return changed;
  };
};
