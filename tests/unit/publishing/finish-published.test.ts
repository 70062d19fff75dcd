import { runPublication } from '../../../server/src/publishing/runner';
import type { StepState } from '../../../server/src/publishing/step-state';
import { harness, plan, publicationIn } from './harness';

/** A published row a dead run left leased: what another instance's worker does with it. */
const abandoned = (state: StepState, fields: { mediaId?: string | null; permalink?: string | null } = {}) => ({
  ...publicationIn('published', state),
  mediaId: 'media-1',
  permalink: null,
  ...fields,
});

describe('finishing a published post whose run died', () => {
  it('reads the missing link and posts the first comment, never publishing again, then frees the row', async () => {
    // Given a post that went out but whose run died before its link and first comment
    const row = abandoned({ plan });
    const { context, current, graph } = harness(row, {});
    // When another worker claims it
    await runPublication(context, row);
    // Then nothing is published again, and the after-posting work is done once
    expect(graph.publishContainer).not.toHaveBeenCalled();
    expect(graph.createContainer).not.toHaveBeenCalled();
    expect(graph.getMedia).toHaveBeenCalledTimes(1);
    expect(graph.createComment).toHaveBeenCalledTimes(1);
    expect(current()).toMatchObject({ status: 'published', mediaId: 'media-1', permalink: 'https://www.instagram.com/p/media-1/', leaseOwner: null });
    expect((current().state as StepState).firstCommentId).toBe('comment-1');
  });

  it('never sends a first comment a second time when the dead run had started sending it', async () => {
    // Given a run that died between sending the first comment and saving its id
    const row = abandoned({ plan, firstCommentRequestedAt: Date.now() - 10_000 }, { permalink: 'https://www.instagram.com/p/media-1/' });
    const { context, current, graph } = harness(row, {});
    await runPublication(context, row);
    // Then the comment is not sent again; the editor is told to check it
    expect(graph.createComment).not.toHaveBeenCalled();
    expect(graph.getMedia).not.toHaveBeenCalled();
    expect((current().state as StepState).firstCommentError).toMatch(/may not have been posted/);
    expect(current()).toMatchObject({ status: 'published', leaseOwner: null });
  });

  it('saves the moment the first comment is sent before sending it', async () => {
    const row = abandoned({ plan }, { permalink: 'https://www.instagram.com/p/media-1/' });
    const { context, writes, graph } = harness(row, {});
    await runPublication(context, row);
    const requested = writes.findIndex((patch) => (patch.state as StepState | undefined)?.firstCommentRequestedAt);
    const commented = writes.findIndex((patch) => (patch.state as StepState | undefined)?.firstCommentId);
    expect(graph.createComment).toHaveBeenCalledTimes(1);
    expect(requested).toBeGreaterThan(-1);
    expect(commented).toBeGreaterThan(requested);
  });

  it('keeps the post published when its account is gone: only the row is freed', async () => {
    const row = abandoned({ plan });
    const { context, current, graph, store } = harness(row, {});
    store.connections.findOwned.mockResolvedValue(null);
    await runPublication(context, row);
    expect(graph.getMedia).not.toHaveBeenCalled();
    expect(graph.createComment).not.toHaveBeenCalled();
    expect(current()).toMatchObject({ status: 'published', mediaId: 'media-1', leaseOwner: null, error: null });
  });
});
