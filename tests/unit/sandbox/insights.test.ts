import { createGraphClient } from '../../../server/src/instagram/client';
import { insightFieldsForKind } from '../../../server/src/instagram/insights';
import { startSandbox, type Sandbox } from '../../sandbox';
import { BRAND_ID, igGet } from './helpers';

describe('sandbox: insights (Graph v22+ metrics)', () => {
  let sb: Sandbox;
  let token: string;

  beforeAll(async () => {
    sb = await startSandbox({});
  });
  beforeEach(() => {
    token = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;
  });
  afterEach(() => sb.reset());
  afterAll(() => sb.close());

  it('answers counts and the metrics of each product type in one call through field expansion', async () => {
    const feed = sb.seedMedia({ account: 'sandbox_brand', stats: { likes: 42, comments: 7, reach: 900, views: 1500, saved: 3, shares: 4 } });
    const answer = await igGet(sb, `/${feed.id}`, token, { fields: 'like_count,comments_count,insights.metric(reach,views,saved,shares,total_interactions)' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: feed.id, like_count: 42, comments_count: 7 });
    const values = Object.fromEntries(answer.body.insights.data.map((d: any) => [d.name, d.values[0].value]));
    expect(values).toEqual({ reach: 900, views: 1500, saved: 3, shares: 4, total_interactions: 42 + 7 + 3 + 4 });
    expect(answer.body.insights.data[0]).toMatchObject({ period: 'lifetime', id: `${feed.id}/insights/reach/lifetime` });

    const reel = sb.seedMedia({ account: 'sandbox_brand', productType: 'REELS' });
    const reelAnswer = await igGet(sb, `/${reel.id}`, token, { fields: insightFieldsForKind('reel') });
    expect(reelAnswer.body.insights.data.map((d: any) => d.name)).toContain('ig_reels_avg_watch_time');

    const story = sb.seedMedia({ account: 'sandbox_brand', productType: 'STORY' });
    const storyAnswer = await igGet(sb, `/${story.id}/insights`, token, { metric: 'reach,views,replies,navigation' });
    expect(storyAnswer.status).toBe(200);
    expect(storyAnswer.body.data.map((d: any) => d.name)).toEqual(['reach', 'views', 'replies', 'navigation']);
  });

  it('refuses the metrics Meta retired in 2025, and metrics of another product type', async () => {
    const reel = sb.seedMedia({ account: 'sandbox_brand', productType: 'REELS' });
    for (const retired of ['impressions', 'plays', 'video_views', 'clips_replays_count']) {
      const answer = await igGet(sb, `/${reel.id}`, token, { fields: `like_count,insights.metric(reach,${retired})` });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 100, message: expect.stringContaining(`the ${retired} metric is no longer supported`) });
    }
    const feed = sb.seedMedia({ account: 'sandbox_brand' });
    const wrong = await igGet(sb, `/${feed.id}/insights`, token, { metric: 'replies' });
    expect(wrong.body.error).toMatchObject({ code: 100, message: expect.stringContaining('does not support the replies metric') });
  });

  it('answers code 10 without the insights permission, while counts alone still work', async () => {
    const basic = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand', scopes: ['instagram_business_basic', 'instagram_business_content_publish'] }).accessToken;
    const feed = sb.seedMedia({ account: 'sandbox_brand', stats: { likes: 5 } });
    const refused = await igGet(sb, `/${feed.id}`, basic, { fields: 'like_count,insights.metric(reach)' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 10, message: expect.stringContaining('instagram_business_manage_insights') });
    const counts = await igGet(sb, `/${feed.id}`, basic, { fields: 'like_count,comments_count' });
    expect(counts.body).toMatchObject({ like_count: 5, comments_count: 0 });
  });

  it('serves account insights per day and followers on the profile', async () => {
    sb.accounts.getInstagramAccount('sandbox_brand')!.insights = { reach: 1234 };
    const answer = await igGet(sb, `/${BRAND_ID}/insights`, token, { metric: 'reach', period: 'day' });
    expect(answer.body.data[0]).toMatchObject({ name: 'reach', period: 'day', values: [{ value: 1234, end_time: expect.stringMatching(/T00:00:00\+0000$/) }] });
    const retired = await igGet(sb, `/${BRAND_ID}/insights`, token, { metric: 'impressions', period: 'day' });
    expect(retired.body.error).toMatchObject({ code: 100 });
  });

  it('is read by the plugin client in one call, and without the permission reports it instead of failing', async () => {
    const client = createGraphClient({ endpoints: sb.endpoints as any, graphApiVersion: 'v24.0', instagramApp: sb.options.instagramApp, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    try {
      const post = sb.seedMedia({ account: 'sandbox_brand', productType: 'STORY', stats: { likes: 1, reach: 80, views: 120, replies: 2, navigation: 30, shares: 0 } });
      sb.clearCalls();
      const numbers = await client.getPostNumbers({ host: 'instagram', igUserId: BRAND_ID, accessToken: token }, post.id, 'story');
      expect(sb.count({ path: `/${post.id}` })).toBe(1);
      expect(numbers).toEqual({ likes: 1, comments: 0, metrics: { reach: 80, views: 120, replies: 2, shares: 0, navigation: 30, total_interactions: 3 } });

      const basic = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand', scopes: ['instagram_business_basic', 'instagram_business_content_publish'] }).accessToken;
      const without = await client.getPostNumbers({ host: 'instagram', igUserId: BRAND_ID, accessToken: basic }, post.id, 'story');
      expect(without).toEqual({ likes: 1, comments: 0, metrics: {}, missingPermission: true });
      sb.clearCalls();
      // Known scopes without insights: the counts alone, still one call.
      await client.getPostNumbers({ host: 'instagram', igUserId: BRAND_ID, accessToken: basic }, post.id, 'story', ['instagram_business_basic']);
      expect(sb.count({ path: `/${post.id}` })).toBe(1);
    } finally {
      client.destroy();
    }
  });
});
