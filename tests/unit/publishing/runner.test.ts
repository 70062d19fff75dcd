import { InstagramApiError } from '../../../server/src/instagram/errors';
import { runPublication } from '../../../server/src/publishing/runner';
import type { StepState } from '../../../server/src/publishing/step-state';
import { connection, harness, plan, publicationIn } from './harness';

describe('the publication state machine', () => {
  it('publishes a FINISHED container once, saves the media id at once, then reads the permalink and comments', async () => {
    const { context, writes, current, graph } = harness(publicationIn('processing', { plan, containerId: 'c-1', pollStartedAt: Date.now() }), {
      getContainerStatus: jest.fn(async () => ({ statusCode: 'FINISHED', status: null })),
      publishContainer: jest.fn(async () => 'media-1'),
    });
    await runPublication(context, publicationIn('processing', { plan, containerId: 'c-1', pollStartedAt: Date.now() }));
    expect(graph.publishContainer).toHaveBeenCalledTimes(1);
    // The moment media_publish is sent is saved before sending it
    const requested = writes.findIndex((patch) => (patch.state as StepState | undefined)?.publishRequestedAt);
    const published = writes.findIndex((patch) => patch.status === 'published');
    expect(requested).toBeGreaterThan(-1);
    expect(published).toBeGreaterThan(requested);
    expect(writes[published]).toMatchObject({ mediaId: 'media-1' });
    expect(current()).toMatchObject({ status: 'published', mediaId: 'media-1', permalink: 'https://www.instagram.com/p/media-1/', leaseOwner: null });
    expect((current().state as StepState).firstCommentId).toBe('comment-1');
  });

  it('resumed in "publishing" after a crash, reads the container first and never publishes a PUBLISHED one again', async () => {
    const row = publicationIn('publishing', { plan, containerId: 'c-1', publishRequestedAt: Date.now() - 5_000 });
    const { context, current, graph } = harness(row, {
      getContainerStatus: jest.fn(async () => ({ statusCode: 'PUBLISHED', status: null })),
      publishContainer: jest.fn(),
      listRecentMedia: jest.fn(async () => [
        { id: 'media-9', caption: 'Hello', mediaType: 'IMAGE', mediaProductType: 'FEED', timestamp: new Date(), permalink: null },
        { id: 'media-8', caption: 'Older post', mediaType: 'IMAGE', mediaProductType: 'FEED', timestamp: new Date(Date.now() - 60_000), permalink: null },
      ]),
    });
    await runPublication(context, row);
    expect(graph.getContainerStatus).toHaveBeenCalledTimes(1);
    expect(graph.publishContainer).not.toHaveBeenCalled();
    // The post is found among the account's latest ones: its id, link and first comment follow
    expect(current()).toMatchObject({ status: 'published', mediaId: 'media-9', permalink: 'https://www.instagram.com/p/media-9/', leaseOwner: null });
    expect(graph.createComment).toHaveBeenCalledWith(expect.anything(), 'media-9', 'First!');
  });

  it('marks a PUBLISHED container published without an id when no single recent post matches it', async () => {
    const row = publicationIn('publishing', { plan, containerId: 'c-1', publishRequestedAt: Date.now() - 5_000 });
    const { context, current, graph } = harness(row, {
      getContainerStatus: jest.fn(async () => ({ statusCode: 'PUBLISHED', status: null })),
      listRecentMedia: jest.fn().mockRejectedValue(new InstagramApiError({ message: 'boom', class: 'transient', userMessage: 'later' })),
    });
    await runPublication(context, row);
    expect(graph.listRecentMedia).toHaveBeenCalledTimes(1);
    expect(graph.getMedia).not.toHaveBeenCalled();
    expect(graph.createComment).not.toHaveBeenCalled();
    expect(current()).toMatchObject({ status: 'published', mediaId: null, leaseOwner: null });
    expect((current().state as StepState).permalinkError).toMatch(/link is unknown/);
  });

  it('after a media_publish timeout, reads the status before anything else and retries only when it did not go out', async () => {
    const row = publicationIn('publishing', { plan, containerId: 'c-1' });
    const timeout = new InstagramApiError({ message: 'timeout', class: 'transient', userMessage: 'unclear', outcomeUnknown: true });
    const { context, current, graph } = harness(row, {
      getContainerStatus: jest.fn(async () => ({ statusCode: 'FINISHED', status: null })),
      publishContainer: jest.fn().mockRejectedValueOnce(timeout),
    });
    await runPublication(context, row);
    // The status read says FINISHED: it did not go out, so the publish waits for a backoff retry
    expect(graph.publishContainer).toHaveBeenCalledTimes(1);
    expect(graph.getContainerStatus).toHaveBeenCalledTimes(1);
    expect(graph.getContainerStatus.mock.invocationCallOrder[0]).toBeGreaterThan(graph.publishContainer.mock.invocationCallOrder[0]);
    expect(current()).toMatchObject({ status: 'publishing', attempts: 1, leaseOwner: null });
    expect(current().runAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('stops at once when the lease is lost (cancelled, or taken over by another instance)', async () => {
    const row = publicationIn('processing', { plan, containerId: 'c-1' });
    const { context, graph } = harness({ ...row, leaseOwner: 'instance-b' }, {
      getContainerStatus: jest.fn(async () => ({ statusCode: 'FINISHED', status: null })),
      publishContainer: jest.fn(),
    });
    await runPublication(context, row);
    expect(graph.publishContainer).not.toHaveBeenCalled();
  });

  it('starts no Graph call while the instance stops, and hands the publication back', async () => {
    const row = publicationIn('processing', { plan, containerId: 'c-1' });
    const { context, current, graph } = harness(row, { getContainerStatus: jest.fn() }, { stopping: true });
    await runPublication(context, row);
    expect(graph.getContainerStatus).not.toHaveBeenCalled();
    expect(current()).toMatchObject({ status: 'processing', leaseOwner: null });
  });

  it('defers to the end of the quota window instead of publishing over quota', async () => {
    const row = publicationIn('publishing', { plan, containerId: 'c-1' });
    const { context, current, graph } = harness(row, {
      getPublishingLimit: jest.fn(async () => ({ quotaUsage: 25, quotaTotal: 25, quotaDurationSec: 86400 })),
      publishContainer: jest.fn(),
    });
    await runPublication(context, row);
    expect(graph.publishContainer).not.toHaveBeenCalled();
    expect(current()).toMatchObject({ status: 'deferred', error: { code: 9, subcode: 2207042 } });
    expect((current().state as StepState).resumeStatus).toBe('publishing');
  });

  it('marks the connection on 190 and fails with an editor-readable reason', async () => {
    const row = publicationIn('processing', { plan, containerId: 'c-1' });
    const expired = new InstagramApiError({ message: 'expired', class: 'reauth', code: 190, subcode: 463, userMessage: 'The Instagram connection has expired or was revoked. Reconnect the account.' });
    const { context, current } = harness(row, { getContainerStatus: jest.fn().mockRejectedValue(expired) });
    await runPublication(context, row);
    expect((context.store as any).connections.update).toHaveBeenCalledWith('c1', {
      status: 'reconnect_needed',
      lastError: 'The Instagram connection has expired or was revoked. Connect the account again.',
    });
    expect(current()).toMatchObject({ status: 'failed', error: { code: 190, subcode: 463, message: expect.stringMatching(/@brand has expired or was revoked/) } });
    expect(JSON.stringify(current())).not.toContain('IGAA-token');
  });

  it('marks the connection "action required" on 190/459 and fails the post with what to do in the Instagram app', async () => {
    // Given an account Instagram has checkpointed
    const row = publicationIn('processing', { plan, containerId: 'c-1' });
    const checkpointed = new InstagramApiError({
      message: 'checkpoint',
      class: 'userAction',
      code: 190,
      subcode: 459,
      userMessage: 'Instagram has restricted or checkpointed this account. Open the Instagram app, complete what it asks, then try again.',
    });
    const { context, current } = harness(row, { getContainerStatus: jest.fn().mockRejectedValue(checkpointed) });
    // When the worker meets the error
    await runPublication(context, row);
    // Then the account is marked (token kept) the way the refresh job marks it, and the post fails without retry
    expect((context.store as any).connections.update).toHaveBeenCalledWith('c1', {
      status: 'action_required',
      lastError: expect.stringMatching(/^Instagram has restricted or checkpointed this account\. Open the Instagram app with this account, complete what it asks, then click "Check again"\.$/),
    });
    expect(current()).toMatchObject({ status: 'failed', attempts: 0, error: { code: 190, subcode: 459, class: 'userAction' } });
  });

  it('marks the connection when a permission is missing, but not for a story a Creator account may not post', async () => {
    const denied = new InstagramApiError({ message: 'denied', class: 'permission', code: 10, userMessage: 'The connection is missing the permission "instagram_business_content_publish". Reconnect the account and grant it.' });
    // A missing permission on an image post: the connection needs a new grant
    const imageRow = publicationIn('processing', { plan, containerId: 'c-1' });
    const image = harness(imageRow, { getContainerStatus: jest.fn().mockRejectedValue(denied) });
    await runPublication(image.context, imageRow);
    expect((image.context.store as any).connections.update).toHaveBeenCalledWith('c1', {
      status: 'reconnect_needed',
      lastError: expect.stringMatching(/missing the permission .* Connect the account again and allow every permission asked\.$/),
    });
    expect(image.current()).toMatchObject({ status: 'failed', error: { code: 10, class: 'permission' } });
    // The same code on a story from an account that is not a Business account: only the post fails
    const storyRow = { ...publicationIn('processing', { plan: { ...plan, kind: 'story' }, containerId: 'c-1' }), kind: 'story' as const };
    const story = harness(storyRow, { getContainerStatus: jest.fn().mockRejectedValue(denied) });
    await runPublication(story.context, storyRow);
    expect((story.context.store as any).connections.update).not.toHaveBeenCalled();
    expect(story.current()).toMatchObject({ status: 'failed', error: { code: 10 } });
  });

  it('refuses an "action required" connection before any Graph call, saying what to do', async () => {
    const row = publicationIn('processing', { plan, containerId: 'c-1' });
    const restricted = { ...connection, status: 'action_required', lastError: 'Instagram has restricted or checkpointed this account.' };
    const { context, current, graph } = harness(row, { getContainerStatus: jest.fn() });
    (context.store as any).connections.findOwned = jest.fn(async () => restricted);
    await runPublication(context, row);
    expect(graph.getContainerStatus).not.toHaveBeenCalled();
    expect(current()).toMatchObject({ status: 'failed', error: { class: 'userAction', message: expect.stringMatching(/@brand: open the Instagram app .* "Check again"/) } });
  });
});
