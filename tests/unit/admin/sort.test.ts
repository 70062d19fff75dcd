import { activityMarker, createChangeDetector } from '../../../admin/src/utils/activity';
import { formatSort, nextSort, readSort } from '../../../admin/src/utils/sort';

describe('the publications page’s order in the address bar', () => {
  it('reads the sort the server takes, any case for the direction', () => {
    expect(readSort('likes:desc')).toEqual({ field: 'likes', direction: 'desc' });
    expect(readSort('reach:ASC')).toEqual({ field: 'reach', direction: 'asc' });
    expect(readSort('comments')).toEqual({ field: 'comments', direction: 'desc' });
  });

  it('shows anything unreadable as the default order, newest first', () => {
    for (const text of [undefined, '', 'views:asc', 'likeCount:desc', ':asc']) expect(readSort(text)).toEqual({ field: 'createdAt', direction: 'desc' });
  });

  it('writes it back as field:direction', () => {
    expect(formatSort({ field: 'comments', direction: 'asc' })).toBe('comments:asc');
  });

  it('a click on another column sorts biggest first; on the sorted one it flips', () => {
    const newest = readSort(undefined);
    const byLikes = nextSort(newest, 'likes');
    expect(byLikes).toEqual({ field: 'likes', direction: 'desc' });
    expect(nextSort(byLikes, 'likes')).toEqual({ field: 'likes', direction: 'asc' });
    expect(nextSort(nextSort(byLikes, 'likes'), 'likes')).toEqual({ field: 'likes', direction: 'desc' });
    expect(nextSort(newest, 'createdAt')).toEqual({ field: 'createdAt', direction: 'asc' });
  });
});

describe('noticing a new comment on an open list', () => {
  it('takes the first read as the baseline, then reports each change once', () => {
    const changed = createChangeDetector();
    const at = (commentCount: number | null, lastCommentAt: string | null) => activityMarker({ commentCount, lastCommentAt });
    expect(changed(at(3, null))).toBe(false);
    expect(changed(at(3, null))).toBe(false);
    expect(changed(at(4, '2026-12-04T10:00:00.000Z'))).toBe(true);
    expect(changed(at(4, '2026-12-04T10:00:00.000Z'))).toBe(false);
    // A count never read stays null: the time of the last comment alone says one arrived.
    expect(changed(at(null, '2026-12-04T10:00:00.000Z'))).toBe(true);
    expect(changed(at(null, '2026-12-04T10:00:05.000Z'))).toBe(true);
  });
});
