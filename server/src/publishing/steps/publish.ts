import { isInstagramApiError, type Account } from '../../instagram';
import { PUBLISH_SETTLED } from '../step-state';
import { containerLost, deferForQuota, fail, retryLater } from './outcomes';
import { markFoundPublished, markPublished } from './published';
import type { Run, StepResult } from './run';
import { waitForProcessing } from './wait';

/**
 * The last media_publish may have gone out (its answer was lost, or it failed in a way that leaves
 * the outcome open): the container's status says whether it did, and only a container still
 * FINISHED after a passing failure is published again. `undefined`: publish now.
 */
const settleLastRequest = async (run: Run, account: Account): Promise<'done' | undefined> => {
  run.beforeCall();
  const status = await run.ctx.graph.getContainerStatus(account, run.state().containerId!);
  const failure = run.state().publishFailure;
  switch (status.statusCode) {
    case 'PUBLISHED':
      return markFoundPublished(run, account);
    case 'IN_PROGRESS':
      await run.save({ state: run.withState(PUBLISH_SETTLED) });
      return waitForProcessing(run);
    case 'ERROR':
    case 'EXPIRED':
      return containerLost(run, status);
    case 'FINISHED':
      await run.save({ state: run.withState(PUBLISH_SETTLED) });
      if (failure?.class === 'spam') {
        return fail(run, {
          code: failure.code,
          subcode: failure.subcode,
          class: 'spam',
          message: 'Instagram flagged this post as spam and did not publish it. Review the caption and media before trying again.',
        });
      }
      if (failure && (failure.class === 'transient' || failure.class === 'throttled')) {
        return retryLater(run, { code: failure.code, subcode: failure.subcode, class: failure.class, message: failure.message }, failure.retryAfterMs);
      }
      return undefined;
    default:
      return undefined;
  }
};

/**
 * The "publishing" step: media_publish, sent at most once per container. The moment it is sent
 * is saved first, so a crash or a lost answer is settled by reading the container, never by
 * sending it again; the media id is saved as soon as it comes back.
 */
export const publish = async (run: Run): Promise<StepResult> => {
  const { ctx } = run;
  const account = await run.account();
  const containerId = run.state().containerId!;
  if (run.state().publishRequestedAt) {
    const settled = await settleLastRequest(run, account);
    if (settled) return settled;
  }
  const quota = await ctx.quota.hasRoom(ctx.graph, account, ctx.config().quotaCacheMs);
  if (!quota.room) return deferForQuota(run);

  await run.save({ status: 'publishing', state: run.withState({ publishRequestedAt: Date.now(), publishFailure: undefined }) });
  run.beforeCall();
  let mediaId: string;
  try {
    mediaId = await ctx.graph.publishContainer(account, containerId);
  } catch (error) {
    if (!isInstagramApiError(error)) throw error;
    if (error.class === 'defer') {
      ctx.quota.markFull(account);
      return deferForQuota(run);
    }
    if (error.outcomeUnknown || error.class === 'notReady' || error.class === 'spam') {
      await run.save({
        state: run.withState({ publishFailure: { class: error.class, code: error.code ?? null, subcode: error.subcode ?? null, message: error.userMessage, retryAfterMs: error.retryAfterMs } }),
      });
      return 'continue';
    }
    throw error;
  }
  ctx.quota.recordPublish(account);
  return markPublished(run, account, mediaId);
};
