import { parseMp4, startSandbox, type Sandbox } from '../../sandbox';
import { makeJpeg, makeMp4, makePng, makeWebp, startMediaServer, type MediaServer } from '../../sandbox/fixtures';
import { BRAND_ID, igGet, igPost, sleep } from './helpers';

describe('sandbox: media checks on real bytes', () => {
  let sb: Sandbox;
  let media: MediaServer;
  let token: string;

  beforeAll(async () => {
    [sb, media] = await Promise.all([startSandbox({ containerProcessingMs: 0, videoProcessingMs: 0, mediaFetchTimeoutMs: 400 }), startMediaServer()]);
    media.add('/square.jpg', await makeJpeg({ width: 1080, height: 1080 }), { contentType: 'image/jpeg' });
    media.add('/portrait.jpg', await makeJpeg({ width: 1080, height: 1350 }));
    media.add('/landscape.jpg', await makeJpeg({ width: 1200, height: 628 }));
    media.add('/tall.jpg', await makeJpeg({ width: 1080, height: 1920 }));
    media.add('/wide.jpg', await makeJpeg({ width: 2000, height: 800 }));
    media.add('/small.jpg', await makeJpeg({ width: 200, height: 200 }));
    media.add('/rotated.jpg', await makeJpeg({ width: 1920, height: 1080, orientation: 6 }));
    // A PNG served as image/jpeg under a .jpg name: the sandbox must read the bytes, not the label.
    media.add('/fake.jpg', await makePng({ width: 1080, height: 1080 }), { contentType: 'image/jpeg' });
    media.add('/photo.webp', await makeWebp({ width: 1080, height: 1080 }));
    media.add('/huge.jpg', await makeJpeg({ width: 1080, height: 1080, padToBytes: 8 * 1024 * 1024 + 1 }));
    media.add('/slow.jpg', await makeJpeg({ width: 1080, height: 1080 }), { delayMs: 1500 });
    media.add('/garbage.jpg', Buffer.from('definitely not an image'));
    media.add('/reel.mp4', makeMp4({ durationSec: 30 }));
    media.add('/clip.mov', makeMp4({ durationSec: 8, brand: 'qt  ', moovLast: true, version: 1 }));
    media.add('/short.mp4', makeMp4({ durationSec: 2 }));
    media.add('/long-story.mp4', makeMp4({ durationSec: 61 }));
    media.add('/wide.mp4', makeMp4({ durationSec: 10, width: 3840, height: 2160 }));
    media.add('/not-video.mp4', await makeJpeg({ width: 100, height: 100 }));
    media.redirect('/r1', '/r2');
    media.redirect('/r2', '/r3');
    media.redirect('/r3', '/square.jpg');
    media.redirect('/r0', '/r1');
  });
  beforeEach(() => {
    token = sb.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;
  });
  afterEach(() => sb.reset());
  afterAll(() => Promise.all([sb.close(), media.close()]));

  const image = (path: string, extra: Record<string, string> = {}) => igPost(sb, `/${BRAND_ID}/media`, token, { image_url: `${media.url}${path}`, ...extra });

  it.each(['/square.jpg', '/portrait.jpg', '/landscape.jpg', '/small.jpg', '/r1'])('accepts %s', async (path) => {
    const r = await image(path);
    expect(r.status).toBe(200);
    expect(sb.getContainer(r.body.id)!.media).toMatchObject({ format: 'jpeg' });
  });

  it('reads the true format: PNG and WebP are 36001/2207005 whatever the name or content-type', async () => {
    expect((await image('/fake.jpg')).body.error).toMatchObject({ code: 36001, error_subcode: 2207005 });
    expect((await image('/photo.webp')).body.error).toMatchObject({ code: 36001, error_subcode: 2207005 });
    expect((await image('/garbage.jpg')).body.error).toMatchObject({ code: 36001, error_subcode: 2207005 });
  });

  it('enforces the 4:5 to 1.91:1 ratio with 36003/2207009, honouring EXIF rotation', async () => {
    expect((await image('/tall.jpg')).body.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    expect((await image('/wide.jpg')).body.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    // 1920×1080 stored, orientation 6 → displayed 1080×1920: too tall.
    expect((await image('/rotated.jpg')).body.error).toMatchObject({ code: 36003 });
  });

  it('lets stories skip the ratio rule', async () => {
    expect((await image('/tall.jpg', { media_type: 'STORIES' })).status).toBe(200);
  });

  it('refuses files over 8 MiB with 36000/2207004', async () => {
    expect((await image('/huge.jpg')).body.error).toMatchObject({ code: 36000, error_subcode: 2207004 });
  });

  it('answers 9004/2207052 for a 404, a 4th redirect, a bad scheme and (when disallowed) a private host', async () => {
    expect((await image('/missing.jpg')).body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    expect((await image('/r0')).body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    expect((await igPost(sb, `/${BRAND_ID}/media`, token, { image_url: 'ftp://example.com/a.jpg' })).body.error).toMatchObject({ code: 9004 });
    sb.set({ allowPrivateMediaUrls: false });
    expect((await image('/square.jpg')).body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    expect(media.hits.get('/missing.jpg')).toBe(1);
    expect(media.hits.get('/r3')).toBeGreaterThanOrEqual(1);
  });

  it('answers -2/2207003 when the download is too slow', async () => {
    expect((await image('/slow.jpg')).body.error).toMatchObject({ code: -2, error_subcode: 2207003 });
  });

  it('skips downloads when fetchMedia is off', async () => {
    sb.set({ fetchMedia: false });
    const before = media.hits.get('/fake.jpg') ?? 0;
    expect((await image('/fake.jpg')).status).toBe(200);
    expect(media.hits.get('/fake.jpg') ?? 0).toBe(before);
  });

  describe('videos (checked while processing, ending as container ERROR)', () => {
    async function settle(id: string): Promise<{ status_code: string; status: string }> {
      for (let i = 0; i < 50; i++) {
        const s = (await igGet(sb, `/${id}`, token, { fields: 'status_code,status' })).body;
        if (s.status_code !== 'IN_PROGRESS') return s;
        await sleep(10);
      }
      throw new Error('container never settled');
    }
    const video = async (path: string, extra: Record<string, string> = {}) => {
      const r = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'REELS', video_url: `${media.url}${path}`, ...extra });
      expect(r.status).toBe(200);
      return settle(r.body.id);
    };

    it('finishes valid MP4 and MOV reels', async () => {
      expect((await video('/reel.mp4')).status_code).toBe('FINISHED');
      expect((await video('/clip.mov')).status_code).toBe('FINISHED');
    });

    it('errors with 2207026 for non-MP4 bytes, too-short reels and >1920 px wide videos', async () => {
      for (const path of ['/not-video.mp4', '/short.mp4', '/wide.mp4']) {
        const s = await video(path);
        expect(s.status_code).toBe('ERROR');
        expect(s.status).toMatch(/\(2207026\)$/);
      }
    });

    it('errors with 2207052 when the video cannot be fetched and 2207057 for an out-of-range thumb_offset', async () => {
      expect((await video('/nope.mp4')).status).toMatch(/\(2207052\)$/);
      expect((await video('/reel.mp4', { thumb_offset: '31000' })).status).toMatch(/\(2207057\)$/);
    });

    it('caps story videos at 60 s', async () => {
      const r = await igPost(sb, `/${BRAND_ID}/media`, token, { media_type: 'STORIES', video_url: `${media.url}/long-story.mp4` });
      expect((await settle(r.body.id)).status).toMatch(/\(2207026\)$/);
    });
  });
});

describe('parseMp4 / makeMp4', () => {
  it('reads the duration from mvhd v0 and v1 and the track size from tkhd', () => {
    expect(parseMp4(makeMp4({ durationSec: 12.5, width: 720, height: 1280 }))).toEqual({ brand: 'isom', container: 'mp4', durationSec: 12.5, width: 720, height: 1280 });
    expect(parseMp4(makeMp4({ durationSec: 900, version: 1, timescale: 90000 })).durationSec).toBe(900);
    expect(parseMp4(makeMp4({ durationSec: 4, brand: 'qt  ', moovLast: true })).container).toBe('mov');
  });

  it('throws for bytes that are not MP4/MOV or lack a moov box', () => {
    expect(() => parseMp4(Buffer.from('GIF89a............'))).toThrow(/not an MP4/);
    const noMoov = makeMp4({ durationSec: 5 }).subarray(0, 32);
    expect(() => parseMp4(noMoov)).toThrow();
  });
});
