import { imageFixes, imageWarnings, targetRatioFor, videoProblems } from '../../../server/src/publishing/media-rules';

const jpeg = (width: number, height: number, bytes = 500_000) => ({ format: 'jpeg', bytes, width, height });

describe('Instagram media rules', () => {
  it('accepts a JPEG inside every limit as it is', () => {
    expect(imageFixes(jpeg(1080, 1350), 'feed', null)).toEqual([]);
    expect(imageFixes(jpeg(1200, 628), 'feed', null)).toEqual([]);
  });

  it.each([
    ['PNG', { format: 'png', bytes: 1, width: 1080, height: 1080 }, /PNG is converted to JPEG/],
    ['WebP', { format: 'webp', bytes: 1, width: 1080, height: 1080 }, /WEBP is converted to JPEG/],
    ['over 8 MiB', jpeg(1080, 1080, 9 * 1024 * 1024), /larger than 8 MiB/],
    ['wider than 1440 px', jpeg(2000, 2000), /2000 px wide: scaled down to 1440 px/],
    ['taller than 4:5', jpeg(1000, 2000), /aspect ratio 0\.50 brought to 0\.80/],
    ['wider than 1.91:1', jpeg(1400, 500), /aspect ratio 2\.80 brought to 1\.91/],
  ])('asks for a rendition of a %s image', (_name, facts, message) => {
    expect(imageFixes(facts, 'feed', null)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('leaves the ratio of stories alone', () => {
    expect(imageFixes(jpeg(1080, 1920), 'story', null)).toEqual([]);
  });

  it('crops carousel children to the first item\'s ratio', () => {
    expect(targetRatioFor(1, 0.8)).toBe(0.8);
    expect(targetRatioFor(0.8, 0.8)).toBeNull();
    expect(targetRatioFor(1, null)).toBeNull();
    expect(targetRatioFor(3, null)).toBe(1.91);
  });

  it('warns about images Meta scales up', () => {
    expect(imageWarnings(jpeg(200, 200))).toEqual([expect.stringMatching(/only 200 px wide/)]);
    expect(imageWarnings(jpeg(320, 320))).toEqual([]);
  });

  it('checks videos by use: reel, story, carousel', () => {
    const video = { mime: 'video/mp4', bytes: 10_000_000, durationSec: 30, width: 1080 };
    expect(videoProblems(video, 'reel')).toEqual([]);
    expect(videoProblems({ ...video, durationSec: 90 }, 'story')).toEqual([expect.stringMatching(/between 3 s and 60 s/)]);
    expect(videoProblems({ ...video, durationSec: 2 }, 'reel')).toEqual([expect.stringMatching(/lasts 2\.0 s/)]);
    expect(videoProblems({ ...video, mime: 'video/webm' }, 'reel')).toEqual([expect.stringMatching(/MP4 or MOV/)]);
    expect(videoProblems({ ...video, bytes: 120 * 1024 * 1024 }, 'story')).toEqual([expect.stringMatching(/at most 100 MB/)]);
    expect(videoProblems({ ...video, width: 3840 }, 'reel')).toEqual([expect.stringMatching(/3840 px wide/)]);
    // An unreadable duration is left for Meta to judge
    expect(videoProblems({ ...video, durationSec: null, width: null }, 'reel')).toEqual([]);
  });
});
