import { DEFAULT_OPTIONS, startSandbox, type Sandbox } from '../../sandbox';
import { DAY, HOUR } from '../../sandbox/clock';
import { makeJpeg, makeMp4, startMediaServer, type MediaServer } from '../../sandbox/fixtures';
import { BAKERY_IG_ID, BRAND_ID, CREATOR_ID, facebookLogin, fbGet, fbPost, igGet, igPost, sleep } from './helpers';

describe('sandbox: content publishing', () => {
  let sb: Sandbox;
  let media: MediaServer;
  let jpeg: string;
  let token: string;

  beforeAll(async () => {
    [sb, media] = await Promise.all([startSandbox({ containerProcessingMs: 600, videoProcessingMs: 150 }), startMediaServer()]);
    jpeg = media.add('/photo.jpg', await makeJpeg({ width: 1080, height: 1080 }), { contentType: 'image/jpeg' });
    media.add('/reel.mp4', makeMp4({ durationSec: 12 }), { contentType: 'video/mp4' });
  });
  beforeEach(() => {
    token = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;
  });
  afterEach(() => sb.reset());
  afterAll(() => Promise.all([sb.close(), media.close()]));

  const createImage = (fields: Record<string, string> = {}, t = token, user = BRAND_ID) => igPost(sb, `/${user}/media`, t, { image_url: jpeg, ...fields });
  const status = async (id: string, t = token) => (await igGet(sb, `/${id}`, t, { fields: 'status_code,status' })).body;
  const publish = (creationId: string, t = token, user = BRAND_ID) => igPost(sb, `/${user}/media_publish`, t, { creation_id: creationId });

  async function finished(fields: Record<string, string> = {}): Promise<string> {
    const c = await createImage(fields);
    expect(c.status).toBe(200);
    sb.finishContainer(c.body.id);
    return c.body.id;
  }

  describe('container lifecycle', () => {
    it('goes IN_PROGRESS → FINISHED (real time) → PUBLISHED, with 9007/2207027 on early publish', async () => {
      const c = await createImage({ caption: 'Fresh #bread by @sandbox_creator' });
      expect(c.body).toEqual({ id: expect.stringMatching(/^179\d{14}$/) });
      expect(await status(c.body.id)).toMatchObject({ status_code: 'IN_PROGRESS' });

      const early = await publish(c.body.id);
      expect(early.status).toBe(400);
      expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027, message: 'Media ID is not available' });

      // Processing takes 600 ms of real time: long enough that a loaded machine still sees IN_PROGRESS above.
      await sleep(700);
      expect(await status(c.body.id)).toMatchObject({ id: c.body.id, status_code: 'FINISHED' });
      const pub = await publish(c.body.id);
      expect(pub.status).toBe(200);
      expect(pub.body.id).toMatch(/^180\d{14}$/);
      expect(await status(c.body.id)).toMatchObject({ status_code: 'PUBLISHED' });

      const m = await igGet(sb, `/${pub.body.id}`, token, { fields: 'id,permalink,shortcode,timestamp,media_type,media_product_type,caption' });
      expect(m.body).toMatchObject({ id: pub.body.id, media_type: 'IMAGE', media_product_type: 'FEED', caption: 'Fresh #bread by @sandbox_creator' });
      expect(m.body.permalink).toBe(`${sb.url}/p/${m.body.shortcode}/`);
      expect(m.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      expect(sb.listMedia(BRAND_ID)).toHaveLength(1);
    });

    it('never publishes a container twice', async () => {
      const id = await finished();
      expect((await publish(id)).status).toBe(200);
      const again = await publish(id);
      expect(again.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
      expect(sb.listMedia(BRAND_ID)).toHaveLength(1);
      expect(sb.count({ path: `/${BRAND_ID}/media_publish`, status: 200 })).toBe(1);
    });

    it('expires unpublished containers after 24 h of the sandbox clock', async () => {
      const id = await finished();
      sb.clock.advance(DAY - HOUR);
      expect((await status(id)).status_code).toBe('FINISHED');
      sb.clock.advance(HOUR);
      expect((await status(id)).status_code).toBe('EXPIRED');
      expect((await publish(id)).body.error).toMatchObject({ code: -2, error_subcode: 2207020 });
    });

    it('shows ERROR with the subcode in status once processing ends', async () => {
      const c = await createImage();
      sb.failContainer(c.body.id, 2207001);
      const s = await status(c.body.id);
      expect(s.status_code).toBe('ERROR');
      expect(s.status).toMatch(/^Error: .*\(2207001\)$/);
    });

    it('lists published media newest first under /me/media and counts them in media_count', async () => {
      const first = (await publish(await finished({ caption: 'one' }))).body.id;
      const second = (await publish(await finished({ caption: 'two' }))).body.id;
      const list = await igGet(sb, '/me/media', token, { fields: 'id,caption' });
      expect(list.body.data).toEqual([
        { id: second, caption: 'two' },
        { id: first, caption: 'one' },
      ]);
      expect((await igGet(sb, '/me', token, { fields: 'media_count' })).body.media_count).toBe(87 + 2);
    });

    it('lists stories under /stories only, never under /media', async () => {
      const post = (await publish(await finished({ caption: 'feed' }))).body.id;
      const storyContainer = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'STORIES', image_url: jpeg });
      sb.finishContainer(storyContainer.body.id);
      const story = (await publish(storyContainer.body.id)).body.id;
      expect((await igGet(sb, `/${BRAND_ID}/media`, token, { fields: 'id' })).body.data).toEqual([{ id: post }]);
      const stories = await igGet(sb, `/${BRAND_ID}/stories`, token, { fields: 'id,media_product_type' });
      expect(stories.body.data).toEqual([{ id: story, media_product_type: 'STORY' }]);
    });

    it('serves a page at each permalink showing the media and the caption, on its own host', async () => {
      // Given a published image post and a published story
      const post = (await publish(await finished({ caption: 'Fresh <b>bread</b>\n#bakery' }))).body.id;
      const storyContainer = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'STORIES', image_url: jpeg });
      sb.finishContainer(storyContainer.body.id);
      const story = (await publish(storyContainer.body.id)).body.id;
      const permalinkOf = async (id: string) => (await igGet(sb, `/${id}`, token, { fields: 'permalink' })).body.permalink as string;
      const [postLink, storyLink] = [await permalinkOf(post), await permalinkOf(story)];
      // When the permalinks are opened
      const calls = sb.calls.length;
      const postPage = await fetch(postLink);
      const storyPage = await fetch(storyLink);
      // Then they point at the sandbox (never at an instagram.com address that does not exist)
      expect(postLink).toMatch(new RegExp(`^${sb.url}/p/[\\w-]{11}/$`));
      expect(storyLink).toBe(`${sb.url}/stories/sandbox_brand/${story}/`);
      // And each page shows the media and the caption, escaped
      expect(postPage.status).toBe(200);
      expect(postPage.headers.get('content-type')).toMatch(/text\/html/);
      const html = await postPage.text();
      expect(html).toContain(`data-media-id="${post}"`);
      expect(html).toContain(`<img alt="" src="${jpeg}"`);
      expect(html).toContain('Fresh &lt;b&gt;bread&lt;/b&gt;\n#bakery');
      expect(html).toContain('@sandbox_brand');
      expect(await storyPage.text()).toContain(`data-media-id="${story}"`);
      // And a page visit is not logged as an API call
      expect(sb.calls.length).toBe(calls);
    });

    it('answers 404 for a permalink it never gave out', async () => {
      const missing = await fetch(`${sb.url}/p/doesnotexist/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('The sandbox has no published media at /p/doesnotexist/.');
      expect((await fetch(`${sb.url}/stories/someone_else/18000000000000001/`)).status).toBe(404);
    });

    it('answers 24/2207008 for an unknown creation_id', async () => {
      expect((await publish('17900000000099999')).body.error).toMatchObject({ code: 24, error_subcode: 2207008 });
    });
  });

  describe('parameters', () => {
    it('rejects single VIDEO posts as Meta does since 2023-11', async () => {
      const r = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'VIDEO', video_url: `${media.url}/reel.mp4` });
      expect(r.body.error).toMatchObject({ code: 100, error_subcode: 2207023 });
    });

    it('enforces caption length, hashtag and mention limits with 36004/2207010', async () => {
      // Instagram allows 5 hashtags per post since December 2025
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(' ');
      expect((await createImage({ caption: tags(5) })).status).toBe(200);
      expect((await createImage({ caption: tags(6) })).body.error).toMatchObject({ code: 36004, error_subcode: 2207010 });
      const mentions = Array.from({ length: 21 }, (_, i) => `@user${i}`).join(' ');
      expect((await createImage({ caption: mentions })).body.error).toMatchObject({ code: 36004, error_subcode: 2207010 });
      expect((await createImage({ caption: 'x'.repeat(2201) })).body.error).toMatchObject({ code: 36004 });
      expect((await createImage({ caption: 'é'.repeat(2200) })).status).toBe(200);
    });

    it('takes other caption limits for when Meta changes them', async () => {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(' ');
      sb.set({ captionLimits: { characters: 2200, hashtags: 30, mentions: 20 } });
      try {
        expect((await createImage({ caption: tags(30) })).status).toBe(200);
        expect((await createImage({ caption: tags(31) })).body.error).toMatchObject({ code: 36004, error_subcode: 2207010 });
      } finally {
        sb.set({ captionLimits: DEFAULT_OPTIONS.captionLimits });
      }
    });

    it('validates user_tags, collaborators, alt_text and location_id', async () => {
      const tags = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ username: `friend${i}`, x: 0.5, y: 0.5 })));
      expect((await createImage({ user_tags: tags(21) })).body.error).toMatchObject({ code: 100, error_subcode: 2207040 });
      expect((await createImage({ user_tags: JSON.stringify([{ username: 'friend', x: 1.2, y: 0.5 }]) })).body.error.code).toBe(100);
      expect((await createImage({ user_tags: tags(20) })).status).toBe(200);
      expect((await createImage({ collaborators: JSON.stringify(['a1', 'b2', 'c3', 'd4']) })).body.error.code).toBe(100);
      expect((await createImage({ collaborators: '@someone' })).body.error.code).toBe(100);
      expect((await createImage({ collaborators: 'unknown_person' })).body.error).toMatchObject({ code: 110, error_subcode: 2207018 });
      expect((await createImage({ collaborators: 'partner_one,partner_two' })).status).toBe(200);
      expect((await createImage({ alt_text: 'a'.repeat(1001) })).body.error.code).toBe(100);
      expect((await createImage({ location_id: '999' })).body.error.code).toBe(100);
      expect((await createImage({ location_id: '2120000000000001' })).status).toBe(200);
    });

    it('accepts JSON bodies as well as forms', async () => {
      const r = await fetch(`${sb.endpoints.instagramGraph}/v24.0/${BRAND_ID}/media`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ image_url: jpeg, user_tags: [{ username: 'friend', x: 0.1, y: 0.9 }] }),
      });
      expect(r.status).toBe(200);
    });

    it('keeps stories for Business accounts and refuses a caption on them', async () => {
      const creator = sb.issueToken({ kind: 'instagram', account: 'sandbox_creator' }).accessToken;
      const denied = await igPost(sb, `/${CREATOR_ID}/media`, creator, { media_type: 'STORIES', image_url: jpeg });
      expect(denied.body.error.code).toBe(10);
      expect((await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'STORIES', image_url: jpeg, caption: 'hi' })).body.error.code).toBe(100);
      const story = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'STORIES', image_url: jpeg });
      expect(story.status).toBe(200);
    });
  });

  describe('carousels', () => {
    const child = async (fields: Record<string, string> = {}) => (await createImage({ is_carousel_item: 'true', ...fields })).body;

    it('needs 2 to 10 finished children of the same account and refuses captions on children', async () => {
      expect((await createImage({ is_carousel_item: 'true', caption: 'no' })).body.error.code).toBe(100);
      const a = await child({ alt_text: 'first' });
      const b = await child();
      const notReady = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'CAROUSEL', children: `${a.id},${b.id}` });
      expect(notReady.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
      sb.finishContainer(a.id);
      sb.finishContainer(b.id);
      const one = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'CAROUSEL', children: a.id });
      expect(one.body.error).toMatchObject({ code: 100, error_subcode: 2207028 });

      const other = sb.issueToken({ kind: 'instagram', account: 'sandbox_creator' }).accessToken;
      const foreign = (await createImage({ is_carousel_item: 'true' }, other, CREATOR_ID)).body;
      sb.finishContainer(foreign.id);
      expect((await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'CAROUSEL', children: `${a.id},${foreign.id}` })).body.error.code).toBe(100);

      const parent = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'CAROUSEL', children: `${a.id},${b.id}`, caption: 'Two' });
      expect(parent.status).toBe(200);
      sb.finishContainer(parent.body.id);
      const pub = await publish(parent.body.id);
      const m = await igGet(sb, `/${pub.body.id}`, token, { fields: 'media_type,children' });
      expect(m.body.media_type).toBe('CAROUSEL_ALBUM');
      expect(m.body.children.data).toHaveLength(2);
      expect(sb.quotaUsage(BRAND_ID)).toBe(1);
    });

    it('rejects 11 children', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 11; i++) ids.push((await child()).id);
      const r = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'CAROUSEL', children: ids.join(',') });
      expect(r.body.error).toMatchObject({ code: 100, error_subcode: 2207028 });
    });
  });

  describe('quota', () => {
    it('counts publishes in the rolling 24 h window and answers 9/2207042 over quota_total', async () => {
      sb.set({ quotaTotal: 2 });
      const limit = () => igGet(sb, `/${BRAND_ID}/content_publishing_limit`, token, { fields: 'quota_usage,config' });
      expect((await limit()).body).toEqual({ data: [{ quota_usage: 0, config: { quota_total: 2, quota_duration: 86400 } }] });
      expect((await publish(await finished())).status).toBe(200);
      sb.clock.advance(2 * HOUR);
      expect((await publish(await finished())).status).toBe(200);
      expect((await limit()).body.data[0].quota_usage).toBe(2);
      const over = await publish(await finished());
      expect(over.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
      sb.clock.advance(DAY - HOUR);
      expect((await limit()).body.data[0].quota_usage).toBe(1);
      expect((await publish(await finished())).status).toBe(200);
    });

    it('limits containers to 400 per account per 24 h', async () => {
      sb.set({ containerLimitPerDay: 3, fetchMedia: false });
      for (let i = 0; i < 3; i++) expect((await createImage()).status).toBe(200);
      const r = await createImage();
      expect(r.body.error.code).toBe(4);
      expect(JSON.parse(r.headers.get('x-business-use-case-usage')!)[BRAND_ID][0].estimated_time_to_regain_access).toBeGreaterThan(0);
    });
  });

  describe('tokens and scopes', () => {
    it('refuses a token of another account and a token without the publish scope', async () => {
      const creator = sb.issueToken({ kind: 'instagram', account: 'sandbox_creator' }).accessToken;
      const foreign = await createImage({}, creator, BRAND_ID);
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe(10);
      const readOnly = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand', scopes: ['instagram_business_basic'] }).accessToken;
      const r = await createImage({}, readOnly);
      expect(r.body.error.code).toBe(10);
      expect(r.body.error.message).toContain('instagram_business_content_publish');
    });

    it('rejects the app-scoped id where the professional user_id belongs', async () => {
      const r = await createImage({}, token, '26000000000000001');
      expect(r.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    });

    it('comments on published media only with the manage_comments scope', async () => {
      const mediaId = (await publish(await finished())).body.id;
      const ok = await igPost(sb, `/${mediaId}/comments`, token, { message: 'First!' });
      expect(ok.body.id).toMatch(/^1799/);
      const noScope = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand', scopes: ['instagram_business_basic', 'instagram_business_content_publish'] }).accessToken;
      expect((await igPost(sb, `/${mediaId}/comments`, noScope, { message: 'x' })).body.error.code).toBe(10);
    });
  });

  describe('on graph.facebook.com with a Page token', () => {
    it('creates and publishes a reel for the linked account', async () => {
      const user = await facebookLogin(sb);
      const pageToken = (await fbGet(sb, '/me/accounts', user, { fields: 'access_token' })).body.data[0].access_token;
      const c = await fbPost(sb, `/${BAKERY_IG_ID}/media`, pageToken, { media_type: 'REELS', video_url: `${media.url}/reel.mp4`, share_to_feed: 'true', thumb_offset: '1000' });
      expect(c.status).toBe(200);
      let s = '';
      for (let i = 0; i < 200 && s !== 'FINISHED'; i++) {
        await sleep(25);
        s = (await fbGet(sb, `/${c.body.id}`, pageToken, { fields: 'status_code' })).body.status_code;
      }
      expect(s).toBe('FINISHED');
      expect(sb.getContainer(c.body.id)!.media).toMatchObject({ format: 'mp4', durationSec: 12 });
      const pub = await fbPost(sb, `/${BAKERY_IG_ID}/media_publish`, pageToken, { creation_id: c.body.id });
      const m = await fbGet(sb, `/${pub.body.id}`, pageToken, { fields: 'permalink,media_product_type' });
      expect(m.body.media_product_type).toBe('REELS');
      expect(m.body.permalink).toMatch(new RegExp(`^${sb.url}/reel/[\\w-]{11}/$`));
    });
  });
});
