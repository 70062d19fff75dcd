import { isInstagramApiError, type Account } from '../../instagram';
import { dedupeKeyOf, describeHolder, findKeyHolder } from '../duplicates';
import type { Plan } from '../plan';
import { isContentFailure } from '../post-content';
import { isUserPost } from '../user-post';
import { markFoundPublished } from './published';
import { Fail, type Run, type StepResult } from './run';

/**
 * A retry after an unclear failure: a container that went out must not go out again. True when
 * one of the earlier containers is found PUBLISHED (the publication is then recorded as such).
 */
const foundPublishedBefore = async (run: Run, account: Account): Promise<boolean> => {
  for (const containerId of run.state().previousContainers ?? []) {
    run.beforeCall();
    // A container Meta no longer knows was never published; any other failed read is retried
    // later (general handler), never taken as "not published".
    const status = await run.ctx.graph.getContainerStatus(account, containerId).catch((error) => {
      if (isInstagramApiError(error) && (error.class === 'invalid' || error.class === 'newContainer')) return null;
      throw error;
    });
    if (status?.statusCode === 'PUBLISHED') {
      await run.save({ state: run.withState({ containerId }) });
      await markFoundPublished(run, account);
      return true;
    }
  }
  return false;
};

/**
 * Claims "this content of this entry on this account" for this publication; when another one
 * holds it (posted, on its way, or maybe posted), this one is cancelled saying which. The store's
 * unique index settles a race between two workers.
 */
export const takeDedupeKey = async (run: Run, plan: Plan): Promise<boolean> => {
  const { ctx } = run;
  const account = await run.account();
  const pub = run.pub;
  const subject = { instagramUserId: account.igUserId, uid: pub.uid, documentId: pub.documentId, locale: pub.locale, contentHash: plan.contentHash };
  const key = dedupeKeyOf(subject, run.state().allowDuplicate ? pub.id : undefined);
  if (pub.dedupeKey === key) return true;
  const holder = await findKeyHolder(ctx.store, key, pub.id);
  if (!holder && (await ctx.store.publications.takeDedupeKey(pub.id, ctx.owner, key))) {
    run.assume({ dedupeKey: key });
    return true;
  }
  const other = holder ?? (await findKeyHolder(ctx.store, key, pub.id));
  const username = other?.accountUsername ?? run.connection?.profile.username ?? null;
  const reason =
    pub.trigger === 'publish' && other?.status === 'published'
      ? 'Not posted: the entry has not changed since it was last posted to Instagram. Use "Publish to Instagram" to post it again.'
      : `Not posted: ${other ? describeHolder(other, username, isUserPost(pub) ? 'post' : 'entry') : 'the same content is already posted or on its way.'}`;
  await run.release({
    status: 'cancelled',
    contentHash: plan.contentHash,
    kind: plan.kind,
    caption: plan.caption,
    error: { code: null, subcode: null, class: pub.trigger === 'publish' ? 'unchanged' : 'duplicate', message: reason },
    state: run.withState({ skippedReason: reason }),
  });
  return false;
};

/**
 * The "queued" step: checks the source still allows the post and the account can take it, makes
 * sure no earlier container already went out, then fixes what will be posted (media read,
 * renditions made) and claims it against duplicates.
 */
export const prepare = async (run: Run): Promise<StepResult> => {
  if (run.pub.status !== 'preparing') await run.save({ status: 'preparing' });
  const content = await run.ctx.content.open(run.pub);
  if (isContentFailure(content)) throw new Fail(content.failure);
  const account = await run.account();
  if (await foundPublishedBefore(run, account)) return 'done';

  const prepared = await content.prepare();
  if (isContentFailure(prepared)) throw new Fail(prepared.failure);
  const { plan, warnings } = prepared;
  if (!(await takeDedupeKey(run, plan))) return 'done';
  await run.save({ kind: plan.kind, caption: plan.caption, contentHash: plan.contentHash, state: run.withState({ plan, warnings }) });
  return 'continue';
};
