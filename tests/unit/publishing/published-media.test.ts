import type { Account, GraphClient, Media } from '../../../server/src/instagram';
import { findPublishedMedia } from '../../../server/src/publishing/published-media';

const account: Account = { host: 'instagram', igUserId: '1784', accessToken: 'IGAA-token' };
const createdAt = new Date('2026-11-27T10:00:00Z');

const media = (id: string, patch: Partial<Media> = {}): Media => ({
  id,
  permalink: `https://www.instagram.com/p/${id}/`,
  shortcode: id,
  timestamp: new Date(createdAt.getTime() + 60_000),
  mediaType: 'IMAGE',
  mediaProductType: 'FEED',
  caption: 'Fresh bread\n#bakery',
  ...patch,
});

const none = async () => new Set<string>();

const graphListing = (items: Media[]) => {
  const listRecentMedia = jest.fn(async () => items);
  return { graph: { listRecentMedia } as unknown as GraphClient, listRecentMedia };
};

describe('finding a post whose media_publish answer was lost', () => {
  it('matches the one recent post of the same kind and caption made after the publication was created', async () => {
    const { graph, listRecentMedia } = graphListing([
      media('new-other', { caption: 'Another post' }),
      media('ours', { caption: 'Fresh bread\r\n#bakery  ' }),
      media('reel', { mediaType: 'VIDEO', mediaProductType: 'REELS' }),
      media('last-week', { timestamp: new Date(createdAt.getTime() - 7 * 86_400_000) }),
    ]);
    const found = await findPublishedMedia(graph, account, { kind: 'image', caption: 'Fresh bread\n#bakery', notBefore: createdAt, takenOf: none });
    expect(found?.id).toBe('ours');
    expect(listRecentMedia).toHaveBeenCalledWith(account, { stories: false });
  });

  it('gives no id when two recent posts match: an unknown link beats a wrong one', async () => {
    const { graph } = graphListing([media('a'), media('b')]);
    expect(await findPublishedMedia(graph, account, { kind: 'image', caption: 'Fresh bread\n#bakery', notBefore: createdAt, takenOf: none })).toBeNull();
  });

  it('leaves out posts that other publications already own', async () => {
    const { graph } = graphListing([media('earlier-publication'), media('ours')]);
    const takenOf = jest.fn(async (ids: string[]) => new Set(ids.filter((id) => id === 'earlier-publication')));
    expect((await findPublishedMedia(graph, account, { kind: 'image', caption: 'Fresh bread\n#bakery', notBefore: createdAt, takenOf }))?.id).toBe('ours');
    expect(takenOf).toHaveBeenCalledWith(['earlier-publication', 'ours']);
  });

  it('gives no id when the only post with that caption is older than the publication', async () => {
    const { graph } = graphListing([media('old', { timestamp: new Date(createdAt.getTime() - 3_600_000) })]);
    expect(await findPublishedMedia(graph, account, { kind: 'image', caption: 'Fresh bread\n#bakery', notBefore: createdAt, takenOf: none })).toBeNull();
  });

  it('tells a carousel from a single image with the same caption', async () => {
    const { graph } = graphListing([media('single'), media('album', { mediaType: 'CAROUSEL_ALBUM' })]);
    expect((await findPublishedMedia(graph, account, { kind: 'carousel', caption: 'Fresh bread\n#bakery', notBefore: createdAt, takenOf: none }))?.id).toBe('album');
  });

  it('looks stories up among the live stories, by time only (stories carry no caption)', async () => {
    const { graph, listRecentMedia } = graphListing([media('story', { mediaProductType: 'STORY', caption: null })]);
    expect((await findPublishedMedia(graph, account, { kind: 'story', caption: '', notBefore: createdAt, takenOf: none }))?.id).toBe('story');
    expect(listRecentMedia).toHaveBeenCalledWith(account, { stories: true });
  });
});
