import { childContainerParams, parentContainerParams, singleContainerParams } from '../../../server/src/publishing/containers';
import type { Plan } from '../../../server/src/publishing/plan';

const image = (url: string, alt: string | null = null) => ({ fileId: 1, url, mime: 'image/jpeg', isVideo: false, alt, width: 1080, height: 1080 });
const video = (url: string) => ({ fileId: 2, url, mime: 'video/mp4', isVideo: true, alt: null, width: 1080, height: 1920 });

const plan = (patch: Partial<Plan>): Plan => ({
  kind: 'image',
  caption: 'Hello #world',
  media: [image('https://cdn.example/a.jpg', 'A')],
  coverUrl: null,
  locationId: '2120000000000001',
  userTags: [{ username: 'ana', x: 0.2, y: 0.4 }],
  collaborators: ['ben'],
  shareToFeed: null,
  firstComment: null,
  contentHash: 'h',
  ...patch,
});

describe('container parameters per post kind', () => {
  it('an image carries caption, alt text, location, positioned tags and collaborators', () => {
    expect(singleContainerParams(plan({}))).toEqual({
      imageUrl: 'https://cdn.example/a.jpg',
      caption: 'Hello #world',
      altText: 'A',
      locationId: '2120000000000001',
      userTags: [{ username: 'ana', x: 0.2, y: 0.4 }],
      collaborators: ['ben'],
    });
  });

  it('a reel carries REELS, cover, share to feed and tags without positions', () => {
    expect(singleContainerParams(plan({ kind: 'reel', media: [video('https://cdn.example/v.mp4')], coverUrl: 'https://cdn.example/c.jpg', shareToFeed: false }))).toEqual({
      videoUrl: 'https://cdn.example/v.mp4',
      mediaType: 'REELS',
      caption: 'Hello #world',
      locationId: '2120000000000001',
      userTags: [{ username: 'ana' }],
      collaborators: ['ben'],
      shareToFeed: false,
      coverUrl: 'https://cdn.example/c.jpg',
    });
  });

  it('a story carries STORIES and tags only: no caption, location or collaborators', () => {
    expect(singleContainerParams(plan({ kind: 'story' }))).toEqual({ imageUrl: 'https://cdn.example/a.jpg', mediaType: 'STORIES', userTags: [{ username: 'ana' }] });
    expect(singleContainerParams(plan({ kind: 'story', userTags: [], media: [video('https://cdn.example/v.mp4')] }))).toEqual({ videoUrl: 'https://cdn.example/v.mp4', mediaType: 'STORIES' });
  });

  it('carousel children take media, alt text and (first image only) tags; the parent takes the rest', () => {
    const carousel = plan({ kind: 'carousel', media: [video('https://cdn.example/v.mp4'), image('https://cdn.example/a.jpg', 'A'), image('https://cdn.example/b.jpg', 'B')] });
    expect(childContainerParams(carousel)).toEqual([
      { videoUrl: 'https://cdn.example/v.mp4', mediaType: 'VIDEO', isCarouselItem: true },
      { imageUrl: 'https://cdn.example/a.jpg', isCarouselItem: true, altText: 'A', userTags: [{ username: 'ana', x: 0.2, y: 0.4 }] },
      { imageUrl: 'https://cdn.example/b.jpg', isCarouselItem: true, altText: 'B', userTags: undefined },
    ]);
    expect(parentContainerParams(carousel, ['1', '2', '3'])).toEqual({
      mediaType: 'CAROUSEL',
      children: ['1', '2', '3'],
      caption: 'Hello #world',
      locationId: '2120000000000001',
      collaborators: ['ben'],
    });
  });
});
