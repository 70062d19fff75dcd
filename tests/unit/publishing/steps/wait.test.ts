import { WORKER_DEFAULTS } from '../../../../server/src/publishing/mapping-schema';
import { nextPollDelay, poll, waitForProcessing } from '../../../../server/src/publishing/steps/wait';
import { harness, plan, publicationIn, stateOf } from '../harness';

const video = { ...plan, kind: 'reel' as const, media: [{ ...plan.media[0], mime: 'video/mp4', isVideo: true }] };
const carousel = { ...plan, kind: 'carousel' as const, media: [plan.media[0], { ...plan.media[0], fileId: 2 }] };
const status = (statusCode: string, text: string | null = null) => ({ statusCode, status: text });

describe('waiting for Meta to process the containers', () => {
  it('polls images sooner than video, then less and less often up to the cap', () => {
    expect(nextPollDelay({ plan }, WORKER_DEFAULTS)).toBe(WORKER_DEFAULTS.pollInitialImageMs);
    expect(nextPollDelay({ plan: video }, WORKER_DEFAULTS)).toBe(WORKER_DEFAULTS.pollInitialVideoMs);
    expect(nextPollDelay({ plan, pollDelayMs: 10_000 }, WORKER_DEFAULTS)).toBe(15_000);
    expect(nextPollDelay({ plan, pollDelayMs: WORKER_DEFAULTS.pollMaxMs }, WORKER_DEFAULTS)).toBe(WORKER_DEFAULTS.pollMaxMs);
  });

  it('hands the publication back until the next poll', async () => {
    const bench = harness(publicationIn('containers_created', { plan, containerId: 'c-1', pollStartedAt: Date.now() }), {});
    expect(await waitForProcessing(bench.run())).toBe('done');
    expect(bench.current()).toMatchObject({ status: 'processing', leaseOwner: null });
    expect(stateOf(bench.current()).pollDelayMs).toBe(WORKER_DEFAULTS.pollInitialImageMs);
    expect(bench.current().runAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('fails with a timeout once the processing budget would be spent', async () => {
    const started = Date.now() - WORKER_DEFAULTS.pollBudgetMs;
    const bench = harness(publicationIn('processing', { plan, containerId: 'c-1', pollStartedAt: started, pollDelayMs: 30_000 }), {});
    await waitForProcessing(bench.run());
    expect(bench.current()).toMatchObject({ status: 'failed', error: { class: 'timeout', message: expect.stringMatching(/within 30 minute\(s\)/) } });
  });

  it('goes on to publish a FINISHED container, counting the poll', async () => {
    const bench = harness(publicationIn('processing', { plan, containerId: 'c-1', polls: 2 }), { getContainerStatus: jest.fn(async () => status('FINISHED')) });
    expect(await poll(bench.run())).toBe('continue');
    expect(bench.current()).toMatchObject({ status: 'publishing', leaseOwner: 'instance-a' });
    expect(stateOf(bench.current()).polls).toBe(3);
  });

  it('waits again while the container is IN_PROGRESS', async () => {
    const bench = harness(publicationIn('processing', { plan, containerId: 'c-1', pollStartedAt: Date.now(), pollDelayMs: 1_000 }), { getContainerStatus: jest.fn(async () => status('IN_PROGRESS')) });
    expect(await poll(bench.run())).toBe('done');
    expect(bench.current()).toMatchObject({ status: 'processing', leaseOwner: null });
    expect(stateOf(bench.current()).pollDelayMs).toBe(1_500);
  });

  it('fails a container Meta refused for its content, and releases the content for a later post', async () => {
    const bench = harness(
      { ...publicationIn('processing', { plan, containerId: 'c-1' }), dedupeKey: 'key' },
      { getContainerStatus: jest.fn(async () => status('ERROR', 'Error: 2207026 unsupported video format')) },
    );
    await poll(bench.run());
    expect(bench.current()).toMatchObject({ status: 'failed', dedupeKey: null, error: { class: 'invalid', subcode: 2207026 } });
  });

  it('makes a new container after an ERROR no content change would fix, or an EXPIRED one', async () => {
    for (const answer of [status('ERROR', 'Error: 2207001 server error'), status('EXPIRED')]) {
      const bench = harness(publicationIn('processing', { plan, containerId: 'c-1', polls: 4 }), { getContainerStatus: jest.fn(async () => answer) });
      await poll(bench.run());
      expect(bench.current()).toMatchObject({ status: 'preparing', leaseOwner: null, error: { class: 'newContainer' } });
      expect(stateOf(bench.current())).toMatchObject({ newContainers: 1, previousContainers: ['c-1'], polls: 0 });
      expect(stateOf(bench.current()).containerId).toBeUndefined();
    }
  });

  it('makes a carousel parent once every child is FINISHED, then waits for it', async () => {
    const bench = harness(publicationIn('processing', { plan: carousel, children: ['ch-1', 'ch-2'], pollDelayMs: 1_000 }), {
      getContainerStatus: jest.fn(async () => status('FINISHED')),
      createContainer: jest.fn(async () => 'parent'),
    });
    expect(await poll(bench.run())).toBe('done');
    expect(bench.graph.createContainer).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ mediaType: 'CAROUSEL', children: ['ch-1', 'ch-2'] }));
    // The parent is polled from the first delay again
    expect(stateOf(bench.current())).toMatchObject({ containerId: 'parent', pollDelayMs: WORKER_DEFAULTS.pollInitialImageMs });
    expect(bench.current().status).toBe('processing');
  });

  it('makes no carousel parent while a child is still processing', async () => {
    const bench = harness(publicationIn('processing', { plan: carousel, children: ['ch-1', 'ch-2'], pollStartedAt: Date.now() }), {
      getContainerStatus: jest.fn().mockResolvedValueOnce(status('FINISHED')).mockResolvedValueOnce(status('IN_PROGRESS')),
    });
    await poll(bench.run());
    expect(bench.graph.createContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'processing', leaseOwner: null });
  });

  it('records a container found PUBLISHED instead of publishing it', async () => {
    const bench = harness(publicationIn('processing', { plan, containerId: 'c-1' }), {
      getContainerStatus: jest.fn(async () => status('PUBLISHED')),
      listRecentMedia: jest.fn(async () => []),
    });
    await poll(bench.run());
    expect(bench.graph.publishContainer).not.toHaveBeenCalled();
    expect(bench.current()).toMatchObject({ status: 'published', mediaId: null });
  });
});
