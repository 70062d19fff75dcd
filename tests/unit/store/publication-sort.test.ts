import { nullsLastRanges, orderOf, SORT_ATTRIBUTES, sortsByNumber, UNREAD_ORDER } from '../../../server/src/store/publication-sort';
import { countsOf } from '../../../server/src/store/insights';

describe('ordering publications by their latest numbers', () => {
  it('maps each sort field to the publication column it orders by', () => {
    expect(SORT_ATTRIBUTES).toEqual({ createdAt: 'createdAt', likes: 'likeCount', comments: 'commentCount', reach: 'reachCount' });
  });

  it('orders by the number, ties newest first then by id; createdAt alone by date then id', () => {
    expect(orderOf({ field: 'likes', direction: 'asc' })).toEqual([{ likeCount: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }]);
    expect(orderOf({ field: 'reach', direction: 'desc' })).toEqual([{ reachCount: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }]);
    expect(orderOf({ field: 'createdAt', direction: 'asc' })).toEqual([{ createdAt: 'asc' }, { id: 'asc' }]);
    expect(orderOf()).toEqual([{ createdAt: 'desc' }, { id: 'desc' }]);
    expect(UNREAD_ORDER).toEqual([{ createdAt: 'desc' }, { id: 'desc' }]);
  });

  it('only a number sort can meet posts never read', () => {
    expect(sortsByNumber(undefined)).toBe(false);
    expect(sortsByNumber({ field: 'createdAt', direction: 'desc' })).toBe(false);
    expect(sortsByNumber({ field: 'comments', direction: 'asc' })).toBe(true);
  });

  describe('pages with the posts never read last', () => {
    it('a page inside the numbered rows reads them alone', () => {
      expect(nullsLastRanges(0, 10, 25)).toEqual([{ part: 'numbered', offset: 0, limit: 10 }]);
      expect(nullsLastRanges(10, 10, 20)).toEqual([{ part: 'numbered', offset: 10, limit: 10 }]);
    });

    it('a page across the boundary takes the last numbered rows, then the first unread ones', () => {
      expect(nullsLastRanges(20, 10, 25)).toEqual([
        { part: 'numbered', offset: 20, limit: 5 },
        { part: 'unread', offset: 0, limit: 5 },
      ]);
    });

    it('a page past the numbered rows reads unread ones from the right offset', () => {
      expect(nullsLastRanges(30, 10, 25)).toEqual([{ part: 'unread', offset: 5, limit: 10 }]);
      expect(nullsLastRanges(0, 10, 0)).toEqual([{ part: 'unread', offset: 0, limit: 10 }]);
    });

    it('consecutive pages cover every row once', () => {
      const numbered = 7;
      const seen: string[] = [];
      for (let page = 0; page < 5; page += 1) {
        for (const range of nullsLastRanges(page * 3, 3, numbered)) {
          for (let i = 0; i < range.limit; i += 1) seen.push(`${range.part}:${range.offset + i}`);
        }
      }
      expect(seen.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `numbered:${i}`));
      expect(seen.slice(7)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `unread:${i}`));
    });

    it('an empty page reads nothing', () => {
      expect(nullsLastRanges(0, 0, 5)).toEqual([]);
    });
  });
});

describe('the sortable columns a read writes', () => {
  it('takes likes, comments and reach as whole numbers', () => {
    expect(countsOf({ likes: 12, comments: 3, metrics: { reach: 400, views: 650 }, status: 'ok', message: null })).toEqual({ likeCount: 12, commentCount: 3, reachCount: 400 });
  });

  it('leaves reach null without the insights permission, and anything unread null', () => {
    expect(countsOf({ likes: 8, comments: 1, metrics: {}, status: 'reconnect', message: 'Reconnect' })).toEqual({ likeCount: 8, commentCount: 1, reachCount: null });
    expect(countsOf({ likes: null, comments: null, metrics: { reach: Number.NaN }, status: 'unavailable', message: null })).toEqual({ likeCount: null, commentCount: null, reachCount: null });
  });
});
