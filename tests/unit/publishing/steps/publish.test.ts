import { InstagramApiError } from '../../../../server/src/instagram/errors';
import { publish } from '../../../../server/src/publishing/steps/publish';
import { harness, plan, publicationIn, stateOf } from '../harness';

const status = (statusCode: string) => ({ statusCode, status: null });
const sent = (failure?: { class: string; retryAfterMs?: number }) =>
  publicationIn('publishing', {
    plan,
    containerId: 'c-1',
    publishRequestedAt: Date.now() - 5_000,
    ...(failure ? { publishFailure: { code: 1, subcode: null, message: 'Meta said no', ...failure } } : {}),
  });

describe('the publish step', () => {
  it('fails a post Meta flagged as spam once its container shows it did not go out', async () => {
    const bench = harness(sent({ class: 'spam' }), { getContainerStatus: jest.fn(async () => status('FINISHED')) });
    expect(await publish(bench.run())).toBe('done');
    expect(bench.graph.publishContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'failed', error: { class: 'spam', message: expect.stringMatching(/flagged this post as spam/) } });
    expect(stateOf(bench.current()).publishRequestedAt).toBeUndefined();
  });

  it('retries after Meta\'s hint when a throttled media_publish did not go out', async () => {
    const bench = harness(sent({ class: 'throttled', retryAfterMs: 120_000 }), { getContainerStatus: jest.fn(async () => status('FINISHED')) });
    await publish(bench.run());
    expect(bench.graph.publishContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'deferred', attempts: 1, error: { class: 'throttled' } });
    expect(stateOf(bench.current()).resumeStatus).toBe('publishing');
    expect(bench.current().runAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
  });

  it('publishes again a container still FINISHED after a media_publish Meta was not ready for', async () => {
    const bench = harness(sent({ class: 'notReady' }), {
      getContainerStatus: jest.fn(async () => status('FINISHED')),
      publishContainer: jest.fn(async () => 'media-1'),
    });
    await publish(bench.run());
    expect(bench.graph.publishContainer).toHaveBeenCalledTimes(1);
    expect(bench.current()).toMatchObject({ status: 'published', mediaId: 'media-1' });
  });

  it('waits for processing when the container went back IN_PROGRESS, forgetting the request', async () => {
    const bench = harness(sent({ class: 'notReady' }), { getContainerStatus: jest.fn(async () => status('IN_PROGRESS')) });
    await publish(bench.run());
    expect(bench.graph.publishContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'processing', leaseOwner: null });
    expect(stateOf(bench.current())).not.toHaveProperty('publishRequestedAt');
    expect(stateOf(bench.current())).not.toHaveProperty('publishFailure');
  });

  it('keeps the media_publish that answered "not ready" open, to be settled by a status read next', async () => {
    const notReady = new InstagramApiError({ message: 'not ready', class: 'notReady', code: 9007, subcode: 2207027, userMessage: 'not ready yet' });
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-1' }), { publishContainer: jest.fn().mockRejectedValue(notReady) });
    expect(await publish(bench.run())).toBe('continue');
    expect(stateOf(bench.current())).toMatchObject({ publishRequestedAt: expect.any(Number), publishFailure: { class: 'notReady', code: 9007, subcode: 2207027, message: 'not ready yet' } });
  });

  it('defers to the end of the quota window when media_publish answers that the quota is reached', async () => {
    const published = { ...publicationIn('published', {}), id: 'p0', publishedAt: new Date(Date.now() - 3_600_000) };
    const quotaReached = new InstagramApiError({ message: 'limit', class: 'defer', code: 9, subcode: 2207042, userMessage: 'limit' });
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-1' }), { publishContainer: jest.fn().mockRejectedValue(quotaReached) });
    bench.store.publications.list.mockResolvedValue({ results: [published], total: 1 });
    await publish(bench.run());
    // The oldest post of the window was an hour ago: a slot frees 23 hours (and a minute) from now
    const expected = published.publishedAt.getTime() + 86_400_000 + 60_000;
    expect(Math.abs(bench.current().runAt.getTime() - expected)).toBeLessThan(1_000);
    expect(bench.current()).toMatchObject({ status: 'deferred', error: { class: 'defer', code: 9, subcode: 2207042 } });
    // The cache now believes Meta: the next post is deferred without another media_publish
    const next = harness(publicationIn('publishing', { plan, containerId: 'c-2' }), { publishContainer: jest.fn() });
    next.context.quota = bench.context.quota;
    await publish(next.run());
    expect(next.graph.publishContainer).not.toHaveBeenCalled();
    expect(next.current().status).toBe('deferred');
  });

  it('leaves any other failure to the general handler', async () => {
    const boom = new Error('socket hang up');
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-1' }), { publishContainer: jest.fn().mockRejectedValue(boom) });
    await expect(publish(bench.run())).rejects.toBe(boom);
    // The request stays marked as sent: its outcome is read before anything is published again
    expect(stateOf(bench.current()).publishRequestedAt).toEqual(expect.any(Number));
  });
});
