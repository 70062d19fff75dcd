import { createHmac } from 'node:crypto';
import { serializeContainerParams } from '../../../server/src/instagram/publishing';
import { isInstagramApiError, type InstagramApiError } from '../../../server/src/instagram/errors';
import { FakeGraph, graphErrorReply } from './fake-graph';
import { FB_APP, PAGE_TOKEN, USER_TOKEN, fbAccount, igAccount, makeClient } from './factories';

const caught = async (promise: Promise<unknown>): Promise<InstagramApiError> => {
  try {
    await promise;
  } catch (error) {
    if (isInstagramApiError(error)) return error;
    throw new Error(`expected an InstagramApiError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
};

describe('Graph client: publishing', () => {
  let fake: FakeGraph;
  let ctx: ReturnType<typeof makeClient>;
  const ig = igAccount();
  const igMedia = `/ig-graph/v24.0/${ig.igUserId}/media`;
  const igPublish = `/ig-graph/v24.0/${ig.igUserId}/media_publish`;

  beforeAll(async () => {
    fake = await FakeGraph.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    ctx = makeClient(fake);
  });
  afterEach(() => ctx.client.destroy());

  describe('serializeContainerParams', () => {
    it('writes children as a comma list and tags and collaborators as JSON, without leading @', () => {
      expect(
        serializeContainerParams({
          mediaType: 'CAROUSEL',
          children: ['101', '102', '103'],
          caption: 'Hello',
          locationId: '555',
          collaborators: ['@friend', 'other'],
        }),
      ).toEqual({ media_type: 'CAROUSEL', children: '101,102,103', caption: 'Hello', location_id: '555', collaborators: '["friend","other"]' });
    });

    it('writes image child fields, and reel fields with tags without coordinates', () => {
      expect(
        serializeContainerParams({
          imageUrl: 'https://cdn.example.com/a.jpg',
          isCarouselItem: true,
          altText: 'A cat',
          userTags: [{ username: '@cat', x: 0.5, y: 0.25 }],
        }),
      ).toEqual({
        image_url: 'https://cdn.example.com/a.jpg',
        is_carousel_item: 'true',
        alt_text: 'A cat',
        user_tags: '[{"username":"cat","x":0.5,"y":0.25}]',
      });
      expect(
        serializeContainerParams({
          videoUrl: 'https://cdn.example.com/v.mp4',
          mediaType: 'REELS',
          shareToFeed: false,
          coverUrl: 'https://cdn.example.com/c.jpg',
          thumbOffset: 1500.4,
          userTags: [{ username: 'dog' }],
        }),
      ).toEqual({
        video_url: 'https://cdn.example.com/v.mp4',
        media_type: 'REELS',
        share_to_feed: 'false',
        cover_url: 'https://cdn.example.com/c.jpg',
        thumb_offset: '1500',
        user_tags: '[{"username":"dog"}]',
      });
    });
  });

  describe('createContainer', () => {
    it('posts a form body with the token in the Bearer header and returns the container id exactly', async () => {
      fake.on('POST', igMedia, { raw: '{"id":17895695668004550}' });
      const id = await ctx.client.createContainer(ig, { imageUrl: 'https://cdn.example.com/a.jpg', caption: 'Hi #tag' });
      expect(id).toBe('17895695668004550');
      const [sent] = fake.requests;
      expect(sent!.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
      expect(sent!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(sent!.form)).toEqual({ image_url: 'https://cdn.example.com/a.jpg', caption: 'Hi #tag' });
      expect(sent!.rawUrl).toBe(igMedia);
    });

    it('adds appsecret_proof to the body on the Facebook host', async () => {
      const fb = fbAccount();
      fake.on('POST', `/fb-graph/v24.0/${fb.igUserId}/media`, { json: { id: '777' } });
      await ctx.client.createContainer(fb, { imageUrl: 'https://cdn.example.com/a.jpg' });
      const [sent] = fake.requests;
      expect(sent!.headers.authorization).toBe(`Bearer ${PAGE_TOKEN}`);
      expect(sent!.form.get('appsecret_proof')).toBe(createHmac('sha256', FB_APP.appSecret).update(PAGE_TOKEN).digest('hex'));
    });

    it('is not retried on a transient error, since a retry could build a second container', async () => {
      fake.on('POST', igMedia, [graphErrorReply(500, 2), { json: { id: '1' } }]);
      const error = await caught(ctx.client.createContainer(ig, { imageUrl: 'https://cdn.example.com/a.jpg' }));
      expect(error.class).toBe('transient');
      expect(error.outcomeUnknown).toBe(true);
      expect(error.attempts).toBe(1);
      expect(fake.requests).toHaveLength(1);
      expect(ctx.sleeps).toEqual([]);
    });

    it('explains public HTTPS URLs when Meta cannot fetch the media (9004/2207052)', async () => {
      fake.on('POST', igMedia, graphErrorReply(400, 9004, 2207052, { message: 'Only photo or video can be accepted as media type.' }));
      const error = await caught(ctx.client.createContainer(ig, { imageUrl: 'http://localhost/a.jpg' }));
      expect(error.class).toBe('newContainer');
      expect(error.userMessage).toMatch(/public HTTPS/);
      expect(error.outcomeUnknown).toBe(false);
    });
  });

  describe('getContainerStatus', () => {
    it.each(['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED'] as const)('reads status_code %s', async (statusCode) => {
      fake.on('GET', '/ig-graph/v24.0/9001', { json: { status_code: statusCode, status: statusCode === 'ERROR' ? 'Error: 2207026' : undefined, id: '9001' } });
      const result = await ctx.client.getContainerStatus(ig, '9001');
      expect(result).toEqual({ statusCode, status: statusCode === 'ERROR' ? 'Error: 2207026' : null });
      expect(fake.requests[0]!.query.get('fields')).toBe('status_code,status');
    });

    it('rejects an unknown status_code as an unexpected response', async () => {
      fake.on('GET', '/ig-graph/v24.0/9001', { json: { status_code: 'DONE' } });
      const error = await caught(ctx.client.getContainerStatus(ig, '9001'));
      expect(error.class).toBe('fatal');
      expect(error.message).toMatch(/status_code/);
      expect(error.outcomeUnknown).toBe(false);
    });
  });

  describe('publishContainer', () => {
    it('publishes with creation_id and returns the media id', async () => {
      fake.on('POST', igPublish, { json: { id: '17900000000000001' } });
      await expect(ctx.client.publishContainer(ig, '9001')).resolves.toBe('17900000000000001');
      expect(fake.requests[0]!.form.get('creation_id')).toBe('9001');
    });

    it('is never retried on a 5xx, and says the outcome is unknown', async () => {
      fake.on('POST', igPublish, [{ status: 502, raw: '<html>bad gateway</html>' }, { json: { id: '1' } }]);
      const error = await caught(ctx.client.publishContainer(ig, '9001'));
      expect(error.class).toBe('transient');
      expect(error.outcomeUnknown).toBe(true);
      expect(error.httpStatus).toBe(502);
      expect(error.message).toMatch(/check before repeating/);
      expect(error.userMessage).toMatch(/did not confirm/);
      expect(fake.callsTo('POST', igPublish)).toHaveLength(1);
      expect(ctx.sleeps).toEqual([]);
    });

    it('is never retried on a timeout, and says the outcome is unknown', async () => {
      const { client, sleeps } = makeClient(fake, { timeoutMs: 150 });
      fake.on('POST', igPublish, { hang: true });
      const started = Date.now();
      const error = await caught(client.publishContainer(ig, '9001'));
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error.class).toBe('transient');
      expect(error.outcomeUnknown).toBe(true);
      expect(error.message).toMatch(/no answer within 150 ms/);
      expect(error.message).toMatch(/container status_code/);
      expect(fake.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      client.destroy();
    });

    it('is not retried on throttling either, but carries the hint', async () => {
      fake.on(
        'POST',
        igPublish,
        graphErrorReply(400, 80002, undefined, {
          headers: { 'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 3 }] }) },
        }),
      );
      const error = await caught(ctx.client.publishContainer(ig, '9001'));
      expect(error.class).toBe('throttled');
      expect(error.retryAfterMs).toBe(180_000);
      expect(error.outcomeUnknown).toBe(false);
      expect(fake.requests).toHaveLength(1);
    });

    it.each([
      [9007, 2207027, 'notReady'],
      [9, 2207042, 'defer'],
      [4, 2207051, 'spam'],
      [24, 2207008, 'newContainer'],
    ] as const)('maps %i/%i to %s', async (code, subcode, cls) => {
      fake.on('POST', igPublish, graphErrorReply(400, code, subcode));
      const error = await caught(ctx.client.publishContainer(ig, '9001'));
      expect(error.class).toBe(cls);
      expect(error.outcomeUnknown).toBe(cls === 'spam');
      expect(fake.requests).toHaveLength(1);
    });

    it('treats a 2xx body it cannot read as an unknown outcome', async () => {
      fake.on('POST', igPublish, { json: { ok: true } });
      const error = await caught(ctx.client.publishContainer(ig, '9001'));
      expect(error.class).toBe('fatal');
      expect(error.outcomeUnknown).toBe(true);
    });
  });

  describe('reads after publishing', () => {
    it('getMedia returns the permalink and a parsed timestamp', async () => {
      fake.on('GET', '/ig-graph/v24.0/17900000000000001', {
        raw: '{"id":17900000000000001,"permalink":"https://www.instagram.com/p/abc/","shortcode":"abc","timestamp":"2025-03-01T10:00:00+0000","media_type":"IMAGE","media_product_type":"FEED"}',
      });
      const media = await ctx.client.getMedia(ig, '17900000000000001');
      expect(media).toEqual({
        id: '17900000000000001',
        permalink: 'https://www.instagram.com/p/abc/',
        shortcode: 'abc',
        timestamp: new Date('2025-03-01T10:00:00Z'),
        mediaType: 'IMAGE',
        mediaProductType: 'FEED',
        caption: null,
      });
      expect(fake.requests[0]!.query.get('fields')).toBe('id,permalink,shortcode,timestamp,media_type,media_product_type');
    });

    it('listRecentMedia reads one page of the latest posts, or of the live stories, with their captions', async () => {
      fake.on('GET', `/ig-graph/v24.0/${ig.igUserId}/media`, {
        raw: '{"data":[{"id":17900000000000002,"caption":"Fresh bread","timestamp":"2025-03-01T10:00:00+0000","media_type":"IMAGE","media_product_type":"FEED"}],"paging":{"cursors":{"after":"x"}}}',
      });
      fake.on('GET', `/ig-graph/v24.0/${ig.igUserId}/stories`, { json: { data: [] } });
      const posts = await ctx.client.listRecentMedia(ig);
      expect(posts).toEqual([expect.objectContaining({ id: '17900000000000002', caption: 'Fresh bread', timestamp: new Date('2025-03-01T10:00:00Z') })]);
      expect(fake.requests[0]!.query.get('fields')).toBe('id,permalink,shortcode,timestamp,media_type,media_product_type,caption');
      expect(fake.requests[0]!.query.get('limit')).toBe('25');
      await expect(ctx.client.listRecentMedia(ig, { stories: true })).resolves.toEqual([]);
      expect(fake.requests).toHaveLength(2);
    });

    it('getPublishingLimit reads quota_total from the response', async () => {
      fake.on('GET', `/ig-graph/v24.0/${ig.igUserId}/content_publishing_limit`, {
        json: { data: [{ quota_usage: 7, config: { quota_total: 37, quota_duration: 86400 } }] },
      });
      await expect(ctx.client.getPublishingLimit(ig)).resolves.toEqual({ quotaUsage: 7, quotaTotal: 37, quotaDurationSec: 86400 });
      expect(fake.requests[0]!.query.get('fields')).toBe('quota_usage,config');
    });

    it('createComment posts the message once, even on a 5xx', async () => {
      fake.on('POST', '/ig-graph/v24.0/555/comments', [{ status: 500, raw: '' }, { json: { id: 'c1' } }]);
      const error = await caught(ctx.client.createComment(ig, '555', 'First!'));
      expect(error.outcomeUnknown).toBe(true);
      expect(fake.requests).toHaveLength(1);

      fake.reset();
      fake.on('POST', '/ig-graph/v24.0/555/comments', { json: { id: '18000000000000009' } });
      await expect(ctx.client.createComment(ig, '555', 'First!')).resolves.toBe('18000000000000009');
      expect(fake.requests[0]!.form.get('message')).toBe('First!');
    });

    it('names the comment scope when it is missing', async () => {
      fake.on('POST', '/ig-graph/v24.0/555/comments', graphErrorReply(403, 10));
      const error = await caught(ctx.client.createComment(ig, '555', 'x'));
      expect(error.class).toBe('permission');
      expect(error.userMessage).toContain('instagram_business_manage_comments');
    });
  });
});
