import { InstagramApiError } from '../../../../server/src/instagram/errors';
import { WORKER_DEFAULTS } from '../../../../server/src/publishing/mapping-schema';
import { handleError } from '../../../../server/src/publishing/steps/errors';
import { containerFailure } from '../../../../server/src/publishing/steps/outcomes';
import { Fail } from '../../../../server/src/publishing/steps/run';
import { harness, plan, publicationIn, stateOf } from '../harness';

const graphError = (cls: InstagramApiError['class'], extra: Partial<{ code: number; subcode: number; retryAfterMs: number }> = {}) =>
  new InstagramApiError({ message: cls, class: cls, userMessage: `editor text for ${cls}`, ...extra });

describe('what a failed step means for the publication', () => {
  it('retries a bug of ours like a passing failure, and logs it', async () => {
    const bench = harness(publicationIn('processing', { plan, containerId: 'c-1' }), {});
    expect(await handleError(bench.run(), new TypeError('x is undefined'))).toBe('done');
    expect(bench.current()).toMatchObject({ status: 'processing', attempts: 1, leaseOwner: null, error: { class: 'internal', message: 'Unexpected error while posting: x is undefined' } });
    expect(bench.current().runAt.getTime()).toBeGreaterThan(Date.now());
    expect(bench.logger.error).toHaveBeenCalledWith('publication p1: unexpected failure in processing', expect.any(TypeError));
  });

  it('backs off exponentially, then fails once the attempts run out', async () => {
    const early = harness({ ...publicationIn('processing', { plan }), attempts: 2 }, {});
    const before = Date.now();
    await handleError(early.run(), graphError('transient'));
    // Third attempt: base × 4, with ±20 % jitter
    const delay = early.current().runAt.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(WORKER_DEFAULTS.retryBaseMs * 4 * 0.8 - 50);
    expect(delay).toBeLessThanOrEqual(WORKER_DEFAULTS.retryBaseMs * 4 * 1.2 + 50);

    const last = harness({ ...publicationIn('processing', { plan }), attempts: WORKER_DEFAULTS.maxAttempts - 1 }, {});
    await handleError(last.run(), graphError('transient'));
    expect(last.current()).toMatchObject({ status: 'failed', error: { class: 'transient', message: 'editor text for transient' } });
  });

  it('defers a throttled step and resumes it where it stopped, keeping the resume point of a deferred one', async () => {
    const bench = harness(publicationIn('processing', { plan }), {});
    await handleError(bench.run(), graphError('throttled', { code: 4, retryAfterMs: 600_000 }));
    expect(bench.current()).toMatchObject({ status: 'deferred', attempts: 1, error: { code: 4, class: 'throttled' } });
    expect(stateOf(bench.current()).resumeStatus).toBe('processing');
    expect(bench.current().runAt.getTime()).toBeGreaterThan(Date.now() + 590_000);

    const deferred = harness(publicationIn('deferred', { plan, resumeStatus: 'publishing' }), {});
    await handleError(deferred.run(), graphError('throttled'));
    expect(stateOf(deferred.current()).resumeStatus).toBe('publishing');
  });

  it('makes a new container a few times at most', async () => {
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-3', newContainers: WORKER_DEFAULTS.maxNewContainers }), {});
    await handleError(bench.run(), graphError('newContainer', { code: 9004 }));
    expect(bench.current()).toMatchObject({ status: 'failed', error: { code: 9004, class: 'newContainer' } });
  });

  it('fails at once on a refusal, releasing the content only when media_publish was never sent', async () => {
    const before = harness({ ...publicationIn('preparing', { plan }), dedupeKey: 'key' }, {});
    await handleError(before.run(), new Fail({ code: null, subcode: null, class: 'invalid', message: 'The entry has no published version.' }));
    expect(before.current()).toMatchObject({ status: 'failed', attempts: 0, dedupeKey: null, error: { class: 'invalid' } });

    const after = harness({ ...publicationIn('publishing', { plan, containerId: 'c-1', publishRequestedAt: Date.now() }), dedupeKey: 'key' }, {});
    await handleError(after.run(), graphError('fatal', { code: 1 }));
    expect(after.current()).toMatchObject({ status: 'failed', dedupeKey: 'key', error: { code: 1, message: 'editor text for fatal' } });
  });

  it('waits for processing when Meta says the media is not ready yet', async () => {
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-1', pollStartedAt: Date.now() }), {});
    await handleError(bench.run(), graphError('notReady'));
    expect(bench.current()).toMatchObject({ status: 'processing', attempts: 0, leaseOwner: null });
  });

  it('defers for quotaDeferMs when no post of the quota window is known', async () => {
    const bench = harness(publicationIn('publishing', { plan, containerId: 'c-1' }), {});
    await handleError(bench.run(), graphError('defer', { code: 9, subcode: 2207042 }));
    expect(bench.current()).toMatchObject({ status: 'deferred', error: { class: 'defer' } });
    expect(Math.abs(bench.current().runAt.getTime() - (Date.now() + WORKER_DEFAULTS.quotaDeferMs))).toBeLessThan(1_000);
  });
});

describe('a container Meta could not use', () => {
  it('is a content problem for the subcodes no new container can fix, else worth a new container', () => {
    expect(containerFailure('Error: 2207026 unsupported format')).toMatchObject({ code: null, subcode: 2207026, class: 'invalid' });
    expect(containerFailure('Error: 2207001 server error')).toMatchObject({ subcode: 2207001, class: 'newContainer' });
    expect(containerFailure(null)).toMatchObject({ subcode: null, class: 'newContainer' });
  });
});
