import { isInstagramApiError, type Account } from '../../instagram';
import { afterPosting, type Run } from './run';

/** Reads the link of a live post; when Meta does not give it, the editor is told why instead. */
export const readPermalink = (run: Run, account: Account, mediaId: string) =>
  afterPosting(
    run,
    'permalink not read',
    async () => {
      const media = await run.ctx.graph.getMedia(account, mediaId);
      await run.save({ permalink: media.permalink });
    },
    (error) => run.save({ state: run.withState({ permalinkError: isInstagramApiError(error) ? error.userMessage : 'The link of the post could not be read.' }) }),
  );
