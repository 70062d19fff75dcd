import { InstagramApiError } from '../../../../server/src/instagram/errors';
import { readPermalink } from '../../../../server/src/publishing/steps/permalink';
import { LeaseLost, Stopping, openRun } from '../../../../server/src/publishing/steps/run';
import { account, harness, plan, publicationIn, stateOf } from '../harness';

describe('reading the link of a live post', () => {
  it('saves the permalink Meta gives', async () => {
    const bench = harness(publicationIn('published', { plan }), {});
    await readPermalink(bench.run(), account, 'media-1');
    expect(bench.graph.getMedia).toHaveBeenCalledWith(account, 'media-1');
    expect(bench.current().permalink).toBe('https://www.instagram.com/p/media-1/');
  });

  it('tells the editor why the link is missing, without failing the post', async () => {
    const bench = harness(publicationIn('published', { plan }), {
      getMedia: jest.fn().mockRejectedValue(new InstagramApiError({ message: 'x', class: 'transient', userMessage: 'Instagram is not answering right now.' })),
    });
    await readPermalink(bench.run(), account, 'media-1');
    expect(bench.current()).toMatchObject({ status: 'published', permalink: null });
    expect(stateOf(bench.current()).permalinkError).toBe('Instagram is not answering right now.');
    expect(bench.logger.warn).toHaveBeenCalledWith('publication p1: permalink not read', expect.any(InstagramApiError));

    const other = harness(publicationIn('published', { plan }), { getMedia: jest.fn().mockRejectedValue(new Error('bug')) });
    await readPermalink(other.run(), account, 'media-1');
    expect(stateOf(other.current()).permalinkError).toBe('The link of the post could not be read.');
  });

  it('stops when the lease is lost or the instance stops, instead of recording an error', async () => {
    const bench = harness({ ...publicationIn('published', { plan }), leaseOwner: 'instance-b' }, {});
    await expect(readPermalink(openRun(bench.context, publicationIn('published', { plan })), account, 'media-1')).rejects.toBeInstanceOf(LeaseLost);
    // Nothing is recorded as a missing link: the run just ends
    expect(bench.store.publications.updateLeased).toHaveBeenCalledTimes(1);
    expect(bench.logger.warn).not.toHaveBeenCalled();

    const stopping = harness(publicationIn('published', { plan }), {}, { stopping: true });
    await expect(readPermalink(stopping.run(), account, 'media-1')).rejects.toBeInstanceOf(Stopping);
    expect(stopping.graph.getMedia).not.toHaveBeenCalled();
  });
});
