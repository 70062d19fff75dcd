import { isInstagramApiError, type Account } from '../../instagram';
import { afterPosting, type Run } from './run';

/**
 * Posts the plan's first comment under a live post, once: a comment already made, or already
 * refused, is not tried again. A refusal is shown to the editor; the post stays published.
 */
export const postFirstComment = async (run: Run, account: Account, mediaId: string) => {
  const comment = run.state().plan?.firstComment;
  if (!comment || run.state().firstCommentId || run.state().firstCommentError) return;
  await afterPosting(
    run,
    'first comment not posted',
    async () => {
      const id = await run.ctx.graph.createComment(account, mediaId, comment);
      await run.save({ state: run.withState({ firstCommentId: id }) });
    },
    (error) => run.save({ state: run.withState({ firstCommentError: isInstagramApiError(error) ? error.userMessage : 'The first comment could not be posted.' }) }),
  );
};
