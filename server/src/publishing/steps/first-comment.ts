import { isInstagramApiError, type Account } from '../../instagram';
import { afterPosting, type Run } from './run';

const UNCERTAIN = 'The first comment may not have been posted: the server stopped while sending it. Check the post on Instagram.';

/**
 * Posts the plan's first comment under a live post, once: a comment already made, or already
 * refused, is not tried again, and neither is one whose sending began in a run that died before its
 * answer was saved (Instagram may have it: a second would be a duplicate). A refusal is shown to the
 * editor; the post stays published.
 */
export const postFirstComment = async (run: Run, account: Account, mediaId: string) => {
  const comment = run.state().plan?.firstComment;
  if (!comment || run.state().firstCommentId || run.state().firstCommentError) return;
  if (run.state().firstCommentRequestedAt) {
    await run.save({ state: run.withState({ firstCommentError: UNCERTAIN }) });
    return;
  }
  await afterPosting(
    run,
    'first comment not posted',
    async () => {
      await run.save({ state: run.withState({ firstCommentRequestedAt: Date.now() }) });
      const id = await run.ctx.graph.createComment(account, mediaId, comment);
      await run.save({ state: run.withState({ firstCommentId: id }) });
    },
    (error) => run.save({ state: run.withState({ firstCommentError: isInstagramApiError(error) ? error.userMessage : 'The first comment could not be posted.' }) }),
  );
};
