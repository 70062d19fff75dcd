import { InstagramApiError } from '../../../../server/src/instagram/errors';
import { prepare } from '../../../../server/src/publishing/steps/prepare';
import { Fail } from '../../../../server/src/publishing/steps/run';
import { fakeSource, harness, plan, publicationIn, stateOf } from '../harness';

const notEnabled = { failure: { code: null, subcode: null, class: 'mapping', message: 'Instagram publishing is not enabled for Article.' } };

describe('the prepare step', () => {
  it('fixes the plan, its warnings and the dedupe key, then goes on to the containers', async () => {
    // Given a queued publication whose source prepares a plan with a warning
    const content = fakeSource({ plan, warnings: ['a.gif is neither an image nor a video and is left out'] });
    const bench = harness(publicationIn('queued', {}), {}, { content });
    // When it is prepared
    const result = await prepare(bench.run());
    // Then what will be posted is saved with the row, and this publication holds the content's key
    expect(result).toBe('continue');
    expect(content.open).toHaveBeenCalledWith(expect.objectContaining({ id: 'p1', uid: 'api::article.article' }));
    expect(bench.current()).toMatchObject({ status: 'preparing', kind: 'image', caption: 'Hello', contentHash: 'hash', dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(stateOf(bench.current())).toMatchObject({ plan, warnings: ['a.gif is neither an image nor a video and is left out'] });
    expect(bench.graph.createContainer).not.toHaveBeenCalled();
  });

  it('fails with the source\'s reason before reading the account or any container when the post is no longer allowed', async () => {
    const content = { open: jest.fn(async () => notEnabled) };
    const bench = harness(publicationIn('queued', { previousContainers: ['old-1'] }), {}, { content });
    const error = await prepare(bench.run()).catch((caught) => caught);
    expect(error).toBeInstanceOf(Fail);
    expect(error.error).toEqual(notEnabled.failure);
    expect(bench.store.connections.findOwned).not.toHaveBeenCalled();
    expect(bench.graph.getContainerStatus).not.toHaveBeenCalled();
  });

  it('fails with the content\'s own reason when the entry cannot be posted', async () => {
    const content = fakeSource({ failure: { code: null, subcode: null, class: 'invalid', message: 'The entry has no published version.' } });
    const bench = harness(publicationIn('queued', {}), {}, { content });
    await expect(prepare(bench.run())).rejects.toMatchObject({ error: { class: 'invalid', message: 'The entry has no published version.' } });
    expect(bench.current().dedupeKey).toBeNull();
  });

  it('records a post found PUBLISHED among the earlier containers instead of posting it again', async () => {
    // Given a retry whose first container Meta no longer knows and whose second went out
    const row = publicationIn('queued', { plan, previousContainers: ['old-1', 'old-2'] });
    const content = fakeSource();
    const bench = harness(row, {
      getContainerStatus: jest
        .fn()
        .mockRejectedValueOnce(new InstagramApiError({ message: 'unknown', class: 'invalid', code: 100, userMessage: 'gone' }))
        .mockResolvedValueOnce({ statusCode: 'PUBLISHED', status: null }),
      listRecentMedia: jest.fn(async () => [{ id: 'media-7', caption: 'Hello', mediaType: 'IMAGE', mediaProductType: 'FEED', timestamp: new Date(), permalink: null }]),
    }, { content });
    // When it is prepared
    const result = await prepare(bench.run());
    // Then nothing is built or posted again: the post found is recorded as this publication's
    expect(result).toBe('done');
    const opened = await content.open.mock.results[0].value;
    expect(opened.prepare).not.toHaveBeenCalled();
    expect(bench.graph.createContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'published', mediaId: 'media-7', leaseOwner: null });
    expect(stateOf(bench.current()).containerId).toBe('old-2');
  });

  it('never takes a failed read of an earlier container for "not published"', async () => {
    const content = fakeSource();
    const bench = harness(publicationIn('queued', { previousContainers: ['old-1'] }), {
      getContainerStatus: jest.fn().mockRejectedValue(new InstagramApiError({ message: 'down', class: 'transient', userMessage: 'later' })),
    }, { content });
    await expect(prepare(bench.run())).rejects.toMatchObject({ class: 'transient' });
    const opened = await content.open.mock.results[0].value;
    expect(opened.prepare).not.toHaveBeenCalled();
  });

  it('cancels a publish of an unchanged entry when its content already went to the account', async () => {
    // Given an earlier publication holding the same key, published
    const holder = { ...publicationIn('published', {}), id: 'p0', permalink: 'https://www.instagram.com/p/x/', publishedAt: new Date('2026-11-20T10:00:00Z') };
    const bench = harness(publicationIn('queued', {}), {});
    bench.store.publications.list.mockResolvedValue({ results: [holder], total: 1 });
    // When this one is prepared
    const result = await prepare(bench.run());
    // Then it is cancelled, saying why, and holds no key
    expect(result).toBe('done');
    expect(bench.store.publications.takeDedupeKey).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({
      status: 'cancelled',
      leaseOwner: null,
      dedupeKey: null,
      error: { class: 'unchanged', message: expect.stringMatching(/has not changed since it was last posted/) },
    });
    expect(stateOf(bench.current()).skippedReason).toMatch(/has not changed/);
  });

  it('cancels a manual post of content already on its way, naming the account', async () => {
    const holder = { ...publicationIn('processing', {}), id: 'p0' };
    const bench = harness({ ...publicationIn('queued', {}), trigger: 'manual' }, {});
    bench.store.publications.list.mockResolvedValue({ results: [holder], total: 1 });
    await prepare(bench.run());
    expect(bench.current()).toMatchObject({ status: 'cancelled', error: { class: 'duplicate', message: 'Not posted: This version of the entry is already on its way to @brand.' } });
  });

  it('gives a confirmed repeat a key of its own', async () => {
    const bench = harness(publicationIn('queued', { allowDuplicate: true }), {});
    await prepare(bench.run());
    expect(bench.current().dedupeKey).toMatch(/^[0-9a-f]{64}:p1$/);
  });
});
