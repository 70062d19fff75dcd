import { pluginConfigSchema } from '../../../server/src/config/schema';
import { RETIRED_MEDIA_METRICS, insightFieldsForKind, metricsForKind } from '../../../server/src/instagram/insights';
import { agesForKind, firstInsightsAt, nextInsightsAt, parseAge } from '../../../server/src/services/insights/schedule';

const H = 3_600_000;
const D = 24 * H;
const SCHEDULE = ['1h', '6h', '24h', '3d', '7d', '30d'];
const published = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(published.getTime() + ms);

describe('insights schedule', () => {
  it('parses ages in minutes, hours and days', () => {
    expect(parseAge('30m')).toBe(30 * 60_000);
    expect(parseAge('6h')).toBe(6 * H);
    expect(parseAge('3d')).toBe(3 * D);
    expect(() => parseAge('3w')).toThrow('Invalid insights age');
  });

  it('walks a feed post through every step, then stops', () => {
    const steps: number[] = [];
    let next = firstInsightsAt(published, SCHEDULE, 'image');
    while (next) {
      steps.push(next.getTime() - published.getTime());
      next = nextInsightsAt(published, next, SCHEDULE, 'image');
    }
    expect(steps).toEqual([1 * H, 6 * H, 24 * H, 3 * D, 7 * D, 30 * D]);
  });

  it('skips the steps a late sync missed instead of reading twice in a row', () => {
    expect(nextInsightsAt(published, at(2 * D), SCHEDULE, 'reel')).toEqual(at(3 * D));
    expect(nextInsightsAt(published, at(31 * D), SCHEDULE, 'reel')).toBeNull();
  });

  it('ends a story before it expires at 24 h', () => {
    const ages = agesForKind(SCHEDULE, 'story');
    expect(ages).toEqual([1 * H, 6 * H, 24 * H - 5 * 60_000]);
    expect(nextInsightsAt(published, at(23.95 * H), SCHEDULE, 'story')).toBeNull();
  });

  it('sorts and deduplicates a configured schedule', () => {
    expect(agesForKind(['7d', '1h', '60m', '2d'], 'carousel')).toEqual([1 * H, 2 * D, 7 * D]);
  });

  it('is configurable, and names the field of a bad age', () => {
    const base = { encryptionKey: Buffer.alloc(32, 1).toString('base64') };
    expect(pluginConfigSchema.parse(base).insights).toMatchObject({ enabled: true, schedule: SCHEDULE, concurrency: 16 });
    const bad = pluginConfigSchema.safeParse({ ...base, insights: { schedule: ['1 week'] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['insights', 'schedule', 0]);
  });
});

describe('insight metrics per kind (Graph v22+ names)', () => {
  it('asks feed posts and carousels for reach, views, saved, shares, total_interactions', () => {
    for (const kind of ['image', 'carousel'] as const) expect(metricsForKind(kind)).toEqual(['reach', 'views', 'saved', 'shares', 'total_interactions']);
  });

  it('adds the average watch time for reels', () => {
    expect(metricsForKind('reel')).toEqual(['reach', 'views', 'saved', 'shares', 'total_interactions', 'ig_reels_avg_watch_time']);
  });

  it('asks stories for their own set', () => {
    expect(metricsForKind('story')).toEqual(['reach', 'views', 'replies', 'shares', 'navigation', 'total_interactions']);
  });

  it('never asks for a metric Meta retired', () => {
    for (const kind of ['image', 'carousel', 'reel', 'story'] as const) {
      for (const retired of RETIRED_MEDIA_METRICS) expect(metricsForKind(kind)).not.toContain(retired);
    }
  });

  it('batches counts and metrics into one fields parameter', () => {
    expect(insightFieldsForKind('reel')).toBe('like_count,comments_count,insights.metric(reach,views,saved,shares,total_interactions,ig_reels_avg_watch_time)');
  });
});
