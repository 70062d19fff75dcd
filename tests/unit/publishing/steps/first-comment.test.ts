import { InstagramApiError } from '../../../../server/src/instagram/errors';
import { postFirstComment } from '../../../../server/src/publishing/steps/first-comment';
import { account, harness, plan, publicationIn, stateOf } from '../harness';

describe('the first comment', () => {
  it('is posted under the live post and its id kept', async () => {
    const bench = harness(publicationIn('published', { plan }), {});
    await postFirstComment(bench.run(), account, 'media-1');
    expect(bench.graph.createComment).toHaveBeenCalledWith(account, 'media-1', 'First!');
    expect(stateOf(bench.current()).firstCommentId).toBe('comment-1');
  });

  it('is posted once: not without one in the plan, nor again once made or refused', async () => {
    for (const state of [{ plan: { ...plan, firstComment: null } }, { plan, firstCommentId: 'comment-0' }, { plan, firstCommentError: 'refused' }]) {
      const bench = harness(publicationIn('published', state), {});
      await postFirstComment(bench.run(), account, 'media-1');
      expect(bench.graph.createComment).not.toHaveBeenCalled();
      expect(bench.writes).toEqual([]);
    }
  });

  it('shows Meta\'s refusal to the editor and leaves the post published', async () => {
    const refused = new InstagramApiError({ message: 'x', class: 'permission', code: 10, userMessage: 'Comments are turned off for this post.' });
    const bench = harness(publicationIn('published', { plan }), { createComment: jest.fn().mockRejectedValue(refused) });
    await postFirstComment(bench.run(), account, 'media-1');
    expect(bench.current().status).toBe('published');
    expect(stateOf(bench.current())).toMatchObject({ firstCommentError: 'Comments are turned off for this post.' });
    expect(stateOf(bench.current())).not.toHaveProperty('firstCommentId');
  });
});
