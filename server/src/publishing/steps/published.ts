import { EVENTS, publishedPayload } from '../../events';
import type { Account } from '../../instagram';
import { findPublishedMedia } from '../published-media';
import { PUBLISH_SETTLED } from '../step-state';
import { postFirstComment } from './first-comment';
import { readPermalink } from './permalink';
import { LeaseLost, Stopping, type Run } from './run';

/**
 * The post went out: it is recorded as published at once (with its media id when known), then
 * its link is read and its first comment posted, neither of which may fail it.
 */
export const markPublished = async (run: Run, account: Account, mediaId: string | null): Promise<'done'> => {
  await run.save({ status: 'published', mediaId, publishedAt: new Date(), error: null, state: run.withState({ ...PUBLISH_SETTLED, resumeStatus: undefined }) });
  run.ctx.logger.info(`publication ${run.pub.id} published${mediaId ? ` as media ${mediaId}` : ''}`);
  try {
    if (!mediaId) {
      await run.release({ state: run.withState({ permalinkError: 'The post went out, but Instagram did not return its id and no single recent post matched it, so its link is unknown.' }) });
      return 'done';
    }
    await readPermalink(run, account, mediaId);
    await postFirstComment(run, account, mediaId);
    await run.release({});
    return 'done';
  } finally {
    // Once per publication: the row says published from here on, and a published row is never run again.
    // Announced after the link is read (when it can be), so listeners get the permalink too.
    run.ctx.events?.emit(EVENTS.publicationPublished, publishedPayload(run.pub, run.connection));
  }
};

/** A container found PUBLISHED after its media_publish answer was lost: look its post up. */
export const markFoundPublished = async (run: Run, account: Account): Promise<'done'> => {
  const { ctx, pub } = run;
  const plan = run.state().plan;
  let mediaId: string | null = null;
  if (plan) {
    try {
      run.beforeCall();
      const media = await findPublishedMedia(ctx.graph, account, {
        kind: plan.kind,
        caption: plan.caption,
        notBefore: pub.createdAt,
        takenOf: async (mediaIds) => {
          const { results } = await ctx.store.publications.list({ mediaIds, page: 1, pageSize: mediaIds.length });
          return new Set(results.map((other) => other.mediaId).filter((id): id is string => id !== null));
        },
      });
      mediaId = media?.id ?? null;
      if (!media) ctx.logger.warn(`publication ${pub.id}: went out, but no single recent post matches it; its link stays unknown`);
    } catch (error) {
      if (error instanceof Stopping) throw error;
      ctx.logger.warn(`publication ${pub.id}: went out, but the recent posts could not be read to find its link`, error);
    }
  }
  return markPublished(run, account, mediaId);
};

/**
 * A published row found still leased: its instance stopped (killed, crashed, or its database went
 * away) after the post went out and before the link and first comment were done. This run finishes
 * that work without posting anything again, frees the row and announces the post (listeners may
 * hear of a post twice when the first run announced it but could not free the row: the event is
 * delivered at least once).
 */
export const finishPublished = async (run: Run): Promise<'done'> => {
  const { pub } = run;
  try {
    const account = await run.account();
    if (pub.mediaId) {
      if (!pub.permalink && !run.state().permalinkError) await readPermalink(run, account, pub.mediaId);
      await postFirstComment(run, account, pub.mediaId);
    }
  } catch (error) {
    if (error instanceof LeaseLost || error instanceof Stopping) throw error;
    // The post is live whatever happens here: never let this turn it into a failure.
    run.ctx.logger.warn(`publication ${pub.id}: the work after posting could not be finished`, error);
  }
  await run.release({});
  run.ctx.events?.emit(EVENTS.publicationPublished, publishedPayload(run.pub, run.connection));
  return 'done';
};
