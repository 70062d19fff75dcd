import { pluginConfigSchema } from '../../../server/src/config/schema';
import { accountInsightsQuerySchema } from '../../../server/src/controllers/account-insights-query';
import { accountSeries, latestNumbers, rankTopPosts, windowStart } from '../../../server/src/services/insights/account-shaping';
import { publicCountOf } from '../../../server/src/services/insights/public-counts';
import type { AccountSnapshot, PublishedPost } from '../../../server/src/store/insights';

const snapshot = (day: string, followersCount: number | null, reach: number | null = null): AccountSnapshot => ({
  connectionId: '1',
  day,
  followersCount,
  reach,
  takenAt: new Date(`${day}T03:00:00Z`),
});

let sequence = 0;
const post = (numbers: { likes?: number | null; comments?: number | null; reach?: number } | null, postedAt = '2026-03-01T10:00:00Z'): PublishedPost => {
  sequence += 1;
  return {
    id: String(sequence),
    uid: 'api::article.article',
    documentId: `doc${sequence}`,
    locale: null,
    kind: 'image',
    mediaId: `media${sequence}`,
    permalink: `https://www.instagram.com/p/${sequence}/`,
    postedAt: new Date(postedAt),
    insights: numbers
      ? {
          likes: numbers.likes ?? null,
          comments: numbers.comments ?? null,
          metrics: numbers.reach === undefined ? {} : { reach: numbers.reach, views: 999 },
          status: numbers.reach === undefined ? 'reconnect' : 'ok',
          message: null,
        }
      : null,
    insightsSyncedAt: numbers ? new Date('2026-03-02T10:00:00Z') : null,
  };
};

describe('account insights shaping', () => {
  it('puts the window start `days` days back, so the store lists today and the days before it', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    expect(windowStart(now, 1)).toBe('2026-03-30');
    expect(windowStart(now, 30)).toBe('2026-03-01');
    expect(windowStart(now, 365)).toBe('2025-03-31');
  });

  it('orders the series oldest first, one point per day, keeping days without a reach', () => {
    const series = accountSeries([snapshot('2026-03-03', 120, 40), snapshot('2026-03-01', 100, null), snapshot('2026-03-02', 110, 35)]);
    expect(series).toEqual([
      { day: '2026-03-01', followers: 100, reach: null },
      { day: '2026-03-02', followers: 110, reach: 35 },
      { day: '2026-03-03', followers: 120, reach: 40 },
    ]);
    expect(accountSeries([])).toEqual([]);
  });

  it('takes the newest known followers and reach, and falls back to the profile when no snapshot has a count', () => {
    const series = accountSeries([snapshot('2026-03-01', 100, 50), snapshot('2026-03-02', 105, null), snapshot('2026-03-03', null, null)]);
    expect(latestNumbers(series, 90)).toEqual({ followers: 105, reach: 50, reachDay: '2026-03-01' });
    expect(latestNumbers([], 90)).toEqual({ followers: 90, reach: null, reachDay: null });
    expect(latestNumbers([], null)).toEqual({ followers: null, reach: null, reachDay: null });
  });

  it('ranks by reach when posts have it, likes breaking ties, posts not read yet left out', () => {
    const wide = post({ likes: 5, comments: 1, reach: 900 });
    const liked = post({ likes: 80, comments: 9, reach: 300 });
    const tieMoreLikes = post({ likes: 12, reach: 300 });
    const unread = post(null);
    const { rankedBy, posts } = rankTopPosts([liked, unread, tieMoreLikes, wide], 10);
    expect(rankedBy).toBe('reach');
    expect(posts.map((item) => item.post.id)).toEqual([wide.id, liked.id, tieMoreLikes.id]);
    expect(posts[0]).toMatchObject({ likes: 5, comments: 1, reach: 900 });
  });

  it('ranks by likes when no post has a reach (a connection without the insights permission)', () => {
    const older = post({ likes: 10, comments: 2 }, '2026-01-01T00:00:00Z');
    const newer = post({ likes: 10, comments: 0 }, '2026-02-01T00:00:00Z');
    const top = post({ likes: 40 });
    const { rankedBy, posts } = rankTopPosts([older, top, newer], 10);
    expect(rankedBy).toBe('likes');
    // Equal likes: the newer post first.
    expect(posts.map((item) => item.post.id)).toEqual([top.id, newer.id, older.id]);
    expect(posts.every((item) => item.reach === null)).toBe(true);
  });

  it('keeps only the top `limit`, and answers an empty list for an account without posts', () => {
    const many = Array.from({ length: 20 }, (_, index) => post({ likes: index, reach: index * 10 }));
    const { posts } = rankTopPosts(many, 3);
    expect(posts.map((item) => item.reach)).toEqual([190, 180, 170]);
    expect(rankTopPosts([], 10)).toEqual({ rankedBy: 'likes', posts: [] });
  });

  it('reads days and top as whole numbers within bounds, naming the field otherwise', () => {
    expect(accountInsightsQuerySchema.parse({})).toEqual({ days: 30, top: 10 });
    expect(accountInsightsQuerySchema.parse({ days: '365', top: '1' })).toEqual({ days: 365, top: 1 });
    for (const days of ['0', '366', '7.5', 'abc', '-3', '']) {
      const result = accountInsightsQuerySchema.safeParse({ days });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0].path).toEqual(['days']);
      expect(result.error!.issues[0].message).toBe('must be a whole number from 1 to 365');
    }
    expect(accountInsightsQuerySchema.safeParse({ top: '51' }).success).toBe(false);
    expect(accountInsightsQuerySchema.safeParse({ since: '2026-01-01' }).success).toBe(false);
  });
});

describe('public counts', () => {
  it('carries likes and comments only: never reach, views or any other metric', () => {
    const published = post({ likes: 7, comments: 2, reach: 500 }) as PublishedPost & { permalink: string };
    const view = publicCountOf(published);
    expect(view).toEqual({
      permalink: published.permalink,
      mediaId: published.mediaId,
      kind: 'image',
      locale: null,
      publishedAt: '2026-03-01T10:00:00.000Z',
      likes: 7,
      comments: 2,
      countedAt: '2026-03-02T10:00:00.000Z',
    });
    expect(JSON.stringify(view)).not.toMatch(/reach|views|500|999/);
  });

  it('caches 60 seconds by default, configurable from 0 (off) to a day', () => {
    const base = { encryptionKey: Buffer.alloc(32, 1).toString('base64') };
    expect(pluginConfigSchema.parse(base).insights.publicCountsCacheSeconds).toBe(60);
    expect(pluginConfigSchema.parse({ ...base, insights: { publicCountsCacheSeconds: 0 } }).insights.publicCountsCacheSeconds).toBe(0);
    const refused = pluginConfigSchema.safeParse({ ...base, insights: { publicCountsCacheSeconds: 86_401 } });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0].path).toEqual(['insights', 'publicCountsCacheSeconds']);
  });
});
