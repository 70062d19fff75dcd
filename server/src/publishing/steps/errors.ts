import { EVENTS, needsReconnectPayload } from '../../events';
import { isInstagramApiError, type InstagramApiError } from '../../instagram';
import { patchFor, verdictFor } from '../../services/connection-health';
import type { PublicationError } from '../../store/types';
import { deferForQuota, fail, newContainer, retryLater } from './outcomes';
import { Fail, type Run, type StepResult } from './run';
import { waitForProcessing } from './wait';

const errorOf = (error: InstagramApiError): PublicationError => ({
  code: error.code ?? null,
  subcode: error.subcode ?? null,
  class: error.class,
  message: error.userMessage,
});

/**
 * What a step's failure means for the publication, by the class of the error (shared/instagram-api.md
 * §3): retried, deferred, sent back for a new container, waited on, or failed. A failure that
 * is not Meta's is a bug of ours: retried like a passing one, and logged.
 */
export const handleError = async (run: Run, error: unknown): Promise<StepResult> => {
  const { ctx, pub } = run;
  if (error instanceof Fail) return fail(run, error.error);
  if (!isInstagramApiError(error)) {
    ctx.logger.error(`publication ${pub.id}: unexpected failure in ${pub.status}`, error);
    return retryLater(run, { code: null, subcode: null, class: 'internal', message: `Unexpected error while posting: ${error instanceof Error ? error.message : 'unknown error'}` });
  }
  switch (error.class) {
    case 'transient':
    case 'throttled':
      return retryLater(run, errorOf(error), error.retryAfterMs);
    case 'notReady':
      return waitForProcessing(run);
    case 'newContainer':
      return newContainer(run, errorOf(error));
    case 'defer':
      await run.account();
      return deferForQuota(run);
    case 'reauth':
    case 'userAction':
    case 'permission': {
      // The same verdict the refresh job applies: a dead token, a missing permission or an account
      // Instagram restricted marks the connection, so no other post tries it until it is fixed.
      const connection = run.connection;
      const verdict = connection ? verdictFor(error, connection, { postKind: run.state().plan?.kind ?? pub.kind }) : null;
      if (connection && verdict) {
        const marked = await ctx.store.connections.update(connection.id, patchFor(verdict));
        // Only the change is news: an account already marked is not announced again by every post that meets it.
        if (marked && connection.status !== verdict.status) ctx.events?.emit(EVENTS.connectionNeedsReconnect, needsReconnectPayload(marked));
      }
      if (error.class !== 'reauth') return fail(run, errorOf(error));
      const who = connection ? `@${connection.profile.username || connection.instagramUserId}` : 'the Instagram account';
      return fail(run, { ...errorOf(error), message: `The connection of ${who} has expired or was revoked. Reconnect the account, then retry this post.` });
    }
    default:
      return fail(run, errorOf(error));
  }
};
