import type { Core } from '@strapi/strapi';
import { isInstagramApiError, userMessageFor, type Account, type GraphClient, type InstagramApiError } from '../instagram';
import { patchFor, unusableReason, verdictFor } from '../services/connection-health';
import type { Connection, Publication, PublicationError, PublicationPatch, PublicationStatus, Store } from '../store/types';
import type { Logger } from '../utils/logger';
import { getService } from '../utils/get-service';
import { getContentType } from './content-types';
import { childContainerParams, parentContainerParams, singleContainerParams } from './containers';
import { loadEntry } from './entry';
import type { WorkerConfig } from './mapping-schema';
import { buildPlan, type Plan } from './plan';
import { dedupeKeyOf, describeHolder, findKeyHolder, keyReleasedOnFailure } from './duplicates';
import { findPublishedMedia } from './published-media';
import type { QuotaCache } from './quota';

/**
 * The publication state machine. Every step is persisted before the next Graph call, so a crash at
 * any point resumes from the saved state:
 *
 *   queued → preparing → containers_created → processing → publishing → published
 *                     ↘ deferred (quota, throttling; resumes where it stopped)   ↘ failed
 *
 * Container ids are saved before polling, the media id right after media_publish, and the moment
 * media_publish is sent is saved before sending it: a resumed "publishing" step therefore reads the
 * container's status first, and a PUBLISHED container is never published again.
 */

export interface RunContext {
  strapi: Core.Strapi;
  store: Store;
  graph: GraphClient;
  owner: string;
  quota: QuotaCache;
  logger: Logger;
  config(): WorkerConfig;
  sandbox(): boolean;
  publicUrl(): string;
  /** Shutting down: start no new Graph call, but persist what came back. */
  isStopping(): boolean;
  /** Shutdown grace is over: the database may be gone, touch nothing. */
  isAbandoned(): boolean;
}

/** What the worker needs to resume; stored in the publication's `state`. */
export interface StepState {
  plan?: Plan;
  warnings?: string[];
  /** Carousel children container ids, in order. */
  children?: string[];
  /** The single container, or the carousel parent. */
  containerId?: string;
  pollStartedAt?: number;
  pollDelayMs?: number;
  polls?: number;
  /** Set just before media_publish is sent: its outcome must be read back before any retry. */
  publishRequestedAt?: number;
  /** How the last media_publish failed, when its outcome had to be checked. */
  publishFailure?: { class: string; code: number | null; subcode: number | null; message: string; retryAfterMs?: number };
  newContainers?: number;
  /** Containers of earlier attempts, checked for PUBLISHED before anything is posted again. */
  previousContainers?: string[];
  /** Where a deferred publication resumes. */
  resumeStatus?: PublicationStatus;
  permalinkError?: string;
  firstCommentId?: string;
  firstCommentError?: string;
  skippedReason?: string;
  /** An editor confirmed posting this again although the same content already went to the account. */
  allowDuplicate?: boolean;
}

class LeaseLost extends Error {}
class Stopping extends Error {}
class Fail extends Error {
  constructor(readonly error: PublicationError) {
    super(error.message);
  }
}


/** Subcodes in a container's ERROR status that no new container can fix. */
const INVALID_CONTAINER_SUBCODES = new Set([2207004, 2207005, 2207009, 2207010, 2207018, 2207026, 2207028, 2207040, 2207057]);

const MAX_STEPS_PER_RUN = 60;

const jitter = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

const errorOf = (error: InstagramApiError): PublicationError => ({
  code: error.code ?? null,
  subcode: error.subcode ?? null,
  class: error.class,
  message: error.userMessage,
});

/** Runs one claimed publication until it waits (lease released), finishes, or the lease is lost. */
export const runPublication = async (ctx: RunContext, claimed: Publication): Promise<void> => {
  let pub = claimed;
  let connection: Connection | null = null;
  const state = (): StepState => pub.state as StepState;

  const write = async (patch: PublicationPatch, releaseLease: boolean) => {
    if (ctx.isAbandoned()) throw new Stopping();
    const full: PublicationPatch = releaseLease
      ? { ...patch, leaseOwner: null, leaseUntil: null }
      : { ...patch, leaseUntil: new Date(Date.now() + ctx.config().leaseMs) };
    const ok = await ctx.store.publications.updateLeased(pub.id, ctx.owner, full);
    // Cancelled (the lease is cleared on cancel) or claimed by another instance after a stall.
    if (!ok) throw new LeaseLost();
    pub = { ...pub, ...full };
  };
  const save = (patch: PublicationPatch) => write(patch, false);
  const release = (patch: PublicationPatch) => write(patch, true);
  // Keys set to undefined are dropped, not stored: MongoDB would keep them as null.
  const setState = (patch: Partial<StepState>) =>
    Object.fromEntries(Object.entries({ ...state(), ...patch }).filter(([, value]) => value !== undefined && value !== null)) as Record<string, unknown>;

  const beforeCall = () => {
    if (ctx.isStopping()) throw new Stopping();
  };
  const config = () => ctx.config();

  const fail = async (error: PublicationError): Promise<'done'> => {
    // Nothing went out before media_publish was sent: the content may be posted again later.
    await release({ status: 'failed', error, ...(keyReleasedOnFailure(state()) ? { dedupeKey: null } : {}) });
    ctx.logger.info(`publication ${pub.id} failed: ${error.message}`);
    return 'done';
  };

  const wait = async (delayMs: number, patch: PublicationPatch = {}): Promise<'done'> => {
    await release({ ...patch, runAt: new Date(Date.now() + Math.max(0, delayMs)) });
    return 'done';
  };

  const backoff = (attempts: number) => jitter(Math.min(config().retryMaxMs, config().retryBaseMs * 2 ** Math.max(0, attempts - 1)));

  // ---- connection -----------------------------------------------------------------------
  const account = async (): Promise<Account> => {
    if (!connection) {
      const connections = ctx.store.connections;
      if (pub.connectionId) {
        connection = await connections.findById(pub.connectionId);
        if (!connection) {
          throw new Fail({ code: null, subcode: null, class: 'connection', message: 'The Instagram account chosen for this post is no longer connected. Choose another account and retry.' });
        }
      } else {
        const active = (await connections.list()).filter((candidate) => candidate.isActive && candidate.status === 'active' && candidate.accessToken);
        if (active.length !== 1) {
          throw new Fail({
            code: null,
            subcode: null,
            class: 'connection',
            message:
              active.length === 0
                ? 'No Instagram account is connected. Connect one in the plugin settings, then retry.'
                : 'Several Instagram accounts are connected and this content type asks which one to use. Choose an account when publishing.',
          });
        }
        connection = active[0];
        await save({ connectionId: connection.id, accountUsername: connection.profile.username || null });
      }
      if (!pub.accountUsername && connection.profile.username) await save({ accountUsername: connection.profile.username });
    }
    const unusable = unusableReason(connection);
    if (unusable) {
      throw new Fail({ code: null, subcode: null, class: connection.status === 'action_required' ? 'userAction' : 'reauth', message: unusable });
    }
    // unusableReason refuses a connection without a token.
    return { host: connection.loginKind, igUserId: connection.instagramUserId, accessToken: connection.accessToken! };
  };

  // ---- steps ----------------------------------------------------------------------------
  const prepare = async (): Promise<'continue' | 'done'> => {
    if (pub.status !== 'preparing') await save({ status: 'preparing' });
    const type = getContentType(ctx.strapi, pub.uid);
    const mapping = type ? await getService(ctx.strapi, 'mappings').getEnabled(pub.uid) : null;
    if (!type || !mapping) {
      throw new Fail({ code: null, subcode: null, class: 'mapping', message: `Instagram publishing is not enabled for ${type?.displayName ?? pub.uid}. Enable it in the plugin settings, then retry.` });
    }
    const acct = await account();

    // A retry after an unclear failure: a container that went out must not go out again.
    for (const containerId of state().previousContainers ?? []) {
      beforeCall();
      // A container Meta no longer knows was never published; any other failed read is retried
      // later (general handler), never taken as "not published".
      const status = await ctx.graph.getContainerStatus(acct, containerId).catch((error) => {
        if (isInstagramApiError(error) && (error.class === 'invalid' || error.class === 'newContainer')) return null;
        throw error;
      });
      if (status?.statusCode === 'PUBLISHED') {
        await save({ state: setState({ containerId }) });
        return markFoundPublished(acct);
      }
    }

    const entry = await loadEntry(ctx.strapi, type, mapping, { documentId: pub.documentId, locale: pub.locale, status: 'published' });
    if (!entry) {
      throw new Fail({ code: null, subcode: null, class: 'invalid', message: 'The entry has no published version (it may have been unpublished or deleted).' });
    }
    const result = await buildPlan(ctx.strapi, {
      mapping,
      type,
      entry,
      locale: pub.locale,
      captionOverride: pub.caption !== null && pub.trigger !== 'publish' ? pub.caption : null,
      prepare: true,
      worker: config(),
      sandbox: ctx.sandbox(),
      publicUrl: ctx.publicUrl(),
    });
    if (!result.plan) {
      throw new Fail({ code: null, subcode: null, class: 'invalid', message: result.errors.join(' ') });
    }
    const plan = result.plan;

    if (!(await takeDedupeKey(plan))) return 'done';
    await save({ kind: plan.kind, caption: plan.caption, contentHash: plan.contentHash, state: setState({ plan, warnings: result.warnings }) });
    return 'continue';
  };

  /**
   * Claims "this content of this entry on this account" for this publication; when another one
   * holds it (posted, on its way, or maybe posted), this one is cancelled saying which. The store's
   * unique index settles a race between two workers.
   */
  const takeDedupeKey = async (plan: Plan): Promise<boolean> => {
    const acct = await account();
    const subject = { instagramUserId: acct.igUserId, uid: pub.uid, documentId: pub.documentId, locale: pub.locale, contentHash: plan.contentHash };
    const key = dedupeKeyOf(subject, state().allowDuplicate ? pub.id : undefined);
    if (pub.dedupeKey === key) return true;
    const holder = await findKeyHolder(ctx.store, key, pub.id);
    if (!holder && (await ctx.store.publications.takeDedupeKey(pub.id, ctx.owner, key))) {
      pub = { ...pub, dedupeKey: key };
      return true;
    }
    const other = holder ?? (await findKeyHolder(ctx.store, key, pub.id));
    const username = other?.accountUsername ?? connection?.profile.username ?? null;
    const reason =
      pub.trigger === 'publish' && other?.status === 'published'
        ? 'Not posted: the entry has not changed since it was last posted to Instagram. Use "Publish to Instagram" to post it again.'
        : `Not posted: ${other ? describeHolder(other, username) : 'the same content is already posted or on its way.'}`;
    await release({
      status: 'cancelled',
      contentHash: plan.contentHash,
      kind: plan.kind,
      caption: plan.caption,
      error: { code: null, subcode: null, class: pub.trigger === 'publish' ? 'unchanged' : 'duplicate', message: reason },
      state: setState({ skippedReason: reason }),
    });
    return false;
  };

  const createContainers = async (): Promise<'continue' | 'done'> => {
    const plan = state().plan!;
    const acct = await account();
    if (plan.kind === 'carousel') {
      const params = childContainerParams(plan);
      const children = [...(state().children ?? [])];
      for (let index = children.length; index < params.length; index += 1) {
        beforeCall();
        const id = await ctx.graph.createContainer(acct, params[index]);
        children.push(id);
        // Each child id is saved at once: a crash mid-way resumes with the children already made.
        await save({ state: setState({ children }) });
      }
      await save({ status: 'containers_created', state: setState({ children, pollStartedAt: Date.now(), pollDelayMs: undefined, polls: 0 }) });
      return 'continue';
    }
    beforeCall();
    const containerId = await ctx.graph.createContainer(acct, singleContainerParams(plan));
    await save({ status: 'containers_created', state: setState({ containerId, pollStartedAt: Date.now(), pollDelayMs: undefined, polls: 0 }) });
    return 'continue';
  };

  const nextPoll = () => {
    const plan = state().plan;
    const video = plan?.media.some((item) => item.isVideo) ?? false;
    const previous = state().pollDelayMs;
    const delay = typeof previous !== 'number' || previous <= 0 ? (video ? config().pollInitialVideoMs : config().pollInitialImageMs) : Math.min(config().pollMaxMs, Math.round(previous * config().pollFactor));
    return delay;
  };

  const waitForProcessing = async (): Promise<'done'> => {
    const delay = nextPoll();
    if (Date.now() + delay - (state().pollStartedAt ?? Date.now()) > config().pollBudgetMs) {
      return fail({
        code: null,
        subcode: null,
        class: 'timeout',
        message: `Instagram did not finish processing the media within ${Math.round(config().pollBudgetMs / 60_000)} minute(s). Try again later, or with a shorter or smaller video.`,
      });
    }
    return wait(delay, { status: 'processing', state: setState({ pollDelayMs: delay }) });
  };

  const newContainer = async (why: PublicationError): Promise<'continue' | 'done'> => {
    const made = (state().newContainers ?? 0) + 1;
    if (made > config().maxNewContainers) return fail(why);
    const previous = [...(state().previousContainers ?? []), ...(state().children ?? []), ...(state().containerId ? [state().containerId!] : [])];
    ctx.logger.info(`publication ${pub.id}: Instagram could not use the container (${why.code ?? '-'}/${why.subcode ?? '-'}); making a new one (${made} of ${config().maxNewContainers})`);
    return wait(backoff(made), {
      status: 'preparing',
      error: why,
      state: setState({ newContainers: made, previousContainers: previous, children: undefined, containerId: undefined, pollDelayMs: undefined, polls: 0, publishRequestedAt: undefined, publishFailure: undefined }),
    });
  };

  const containerFailure = (statusText: string | null): PublicationError => {
    const subcode = Number(/(22070\d\d)/.exec(statusText ?? '')?.[1] ?? NaN);
    const known = Number.isFinite(subcode) ? subcode : null;
    const cls = known !== null && INVALID_CONTAINER_SUBCODES.has(known) ? 'invalid' : 'newContainer';
    return { code: null, subcode: known, class: cls, message: userMessageFor({ class: cls, subcode: known ?? undefined, intent: 'publish' }) };
  };

  const poll = async (): Promise<'continue' | 'done'> => {
    const acct = await account();
    const plan = state().plan!;
    if (plan.kind === 'carousel' && !state().containerId) {
      // Meta needs every child FINISHED before the parent can be created.
      const children = state().children ?? [];
      let ready = true;
      for (const child of children) {
        beforeCall();
        const status = await ctx.graph.getContainerStatus(acct, child);
        if (status.statusCode === 'ERROR') {
          const failure = containerFailure(status.status);
          return failure.class === 'invalid' ? fail(failure) : newContainer(failure);
        }
        if (status.statusCode === 'EXPIRED') return newContainer(containerFailure(null));
        if (status.statusCode !== 'FINISHED') ready = false;
      }
      await save({ state: setState({ polls: (state().polls ?? 0) + 1 }) });
      if (!ready) return waitForProcessing();
      beforeCall();
      const containerId = await ctx.graph.createContainer(acct, parentContainerParams(plan, children));
      await save({ state: setState({ containerId, pollDelayMs: undefined }) });
      return waitForProcessing();
    }
    beforeCall();
    const status = await ctx.graph.getContainerStatus(acct, state().containerId!);
    await save({ state: setState({ polls: (state().polls ?? 0) + 1 }) });
    switch (status.statusCode) {
      case 'FINISHED':
        await save({ status: 'publishing' });
        return 'continue';
      case 'PUBLISHED':
        return markFoundPublished(acct);
      case 'ERROR': {
        const failure = containerFailure(status.status);
        return failure.class === 'invalid' ? fail(failure) : newContainer(failure);
      }
      case 'EXPIRED':
        return newContainer(containerFailure(null));
      default:
        return waitForProcessing();
    }
  };

  const deferForQuota = async (acct: Account): Promise<'done'> => {
    const resumeAt = await quotaWindowEnd(ctx, pub, acct);
    ctx.logger.info(`publication ${pub.id}: publishing quota reached; deferred to ${resumeAt.toISOString()}`);
    return wait(resumeAt.getTime() - Date.now(), {
      status: 'deferred',
      error: { code: 9, subcode: 2207042, class: 'defer', message: userMessageFor({ class: 'defer' }) },
      state: setState({ resumeStatus: 'publishing' }),
    });
  };

  const publish = async (): Promise<'continue' | 'done'> => {
    const acct = await account();
    const containerId = state().containerId!;
    if (state().publishRequestedAt) {
      // The last media_publish may have gone out: its container's status says whether it did.
      beforeCall();
      const status = await ctx.graph.getContainerStatus(acct, containerId);
      const failure = state().publishFailure;
      switch (status.statusCode) {
        case 'PUBLISHED':
          return markFoundPublished(acct);
        case 'IN_PROGRESS':
          await save({ state: setState({ publishRequestedAt: undefined, publishFailure: undefined }) });
          return waitForProcessing();
        case 'ERROR': {
          const error = containerFailure(status.status);
          return error.class === 'invalid' ? fail(error) : newContainer(error);
        }
        case 'EXPIRED':
          return newContainer(containerFailure(null));
        case 'FINISHED':
          await save({ state: setState({ publishRequestedAt: undefined, publishFailure: undefined }) });
          if (failure?.class === 'spam') {
            return fail({ code: failure.code, subcode: failure.subcode, class: 'spam', message: 'Instagram flagged this post as spam and did not publish it. Review the caption and media before trying again.' });
          }
          if (failure && (failure.class === 'transient' || failure.class === 'throttled')) {
            return retryLater({ code: failure.code, subcode: failure.subcode, class: failure.class, message: failure.message }, failure.retryAfterMs);
          }
          break;
      }
    }
    const quota = await ctx.quota.hasRoom(ctx.graph, acct, config().quotaCacheMs);
    if (!quota.room) return deferForQuota(acct);

    await save({ status: 'publishing', state: setState({ publishRequestedAt: Date.now(), publishFailure: undefined }) });
    beforeCall();
    let mediaId: string;
    try {
      mediaId = await ctx.graph.publishContainer(acct, containerId);
    } catch (error) {
      if (!isInstagramApiError(error)) throw error;
      if (error.class === 'defer') {
        ctx.quota.markFull(acct);
        return deferForQuota(acct);
      }
      if (error.outcomeUnknown || error.class === 'notReady' || error.class === 'spam') {
        await save({
          state: setState({ publishFailure: { class: error.class, code: error.code ?? null, subcode: error.subcode ?? null, message: error.userMessage, retryAfterMs: error.retryAfterMs } }),
        });
        return 'continue';
      }
      throw error;
    }
    ctx.quota.recordPublish(acct);
    return markPublished(acct, mediaId);
  };

  /** A container found PUBLISHED after its media_publish answer was lost: look its post up. */
  const markFoundPublished = async (acct: Account): Promise<'done'> => {
    const plan = state().plan;
    let mediaId: string | null = null;
    if (plan) {
      try {
        beforeCall();
        const media = await findPublishedMedia(ctx.graph, acct, {
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
    return markPublished(acct, mediaId);
  };

  const markPublished = async (acct: Account, mediaId: string | null): Promise<'done'> => {
    await save({ status: 'published', mediaId, publishedAt: new Date(), error: null, state: setState({ publishRequestedAt: undefined, publishFailure: undefined, resumeStatus: undefined }) });
    ctx.logger.info(`publication ${pub.id} published${mediaId ? ` as media ${mediaId}` : ''}`);
    if (!mediaId) {
      await release({ state: setState({ permalinkError: 'The post went out, but Instagram did not return its id and no single recent post matched it, so its link is unknown.' }) });
      return 'done';
    }
    // From here on the post is live: nothing below may fail it.
    try {
      beforeCall();
      const media = await ctx.graph.getMedia(acct, mediaId);
      await save({ permalink: media.permalink });
    } catch (error) {
      if (error instanceof LeaseLost || error instanceof Stopping) throw error;
      ctx.logger.warn(`publication ${pub.id}: permalink not read`, error);
      await save({ state: setState({ permalinkError: isInstagramApiError(error) ? error.userMessage : 'The link of the post could not be read.' }) });
    }
    const comment = state().plan?.firstComment;
    if (comment && !state().firstCommentId && !state().firstCommentError) {
      try {
        beforeCall();
        const id = await ctx.graph.createComment(acct, mediaId, comment);
        await save({ state: setState({ firstCommentId: id }) });
      } catch (error) {
        if (error instanceof LeaseLost || error instanceof Stopping) throw error;
        ctx.logger.warn(`publication ${pub.id}: first comment not posted`, error);
        await save({ state: setState({ firstCommentError: isInstagramApiError(error) ? error.userMessage : 'The first comment could not be posted.' }) });
      }
    }
    await release({});
    return 'done';
  };

  const retryLater = async (error: PublicationError, retryAfterMs?: number): Promise<'done'> => {
    const attempts = pub.attempts + 1;
    if (attempts >= config().maxAttempts) return fail(error);
    if (error.class === 'throttled') {
      const resumeStatus = pub.status === 'deferred' ? (state().resumeStatus ?? 'queued') : pub.status;
      return wait(retryAfterMs ?? backoff(attempts), { status: 'deferred', attempts, error, state: setState({ resumeStatus }) });
    }
    return wait(backoff(attempts), { attempts, error });
  };

  const handleError = async (error: unknown): Promise<'done' | 'continue'> => {
    if (error instanceof Fail) return fail(error.error);
    if (!isInstagramApiError(error)) {
      ctx.logger.error(`publication ${pub.id}: unexpected failure in ${pub.status}`, error);
      return retryLater({ code: null, subcode: null, class: 'internal', message: `Unexpected error while posting: ${error instanceof Error ? error.message : 'unknown error'}` });
    }
    switch (error.class) {
      case 'transient':
      case 'throttled':
        return retryLater(errorOf(error), error.retryAfterMs);
      case 'notReady':
        return waitForProcessing();
      case 'newContainer':
        return newContainer(errorOf(error));
      case 'defer':
        return deferForQuota(await account());
      case 'reauth':
      case 'userAction':
      case 'permission': {
        // The same verdict the refresh job applies: a dead token, a missing permission or an account
        // Instagram restricted marks the connection, so no other post tries it until it is fixed.
        const verdict = connection ? verdictFor(error, connection, { postKind: state().plan?.kind ?? pub.kind }) : null;
        if (connection && verdict) await ctx.store.connections.update(connection.id, patchFor(verdict));
        if (error.class !== 'reauth') return fail(errorOf(error));
        const who = connection ? `@${connection.profile.username || connection.instagramUserId}` : 'the Instagram account';
        return fail({ ...errorOf(error), message: `The connection of ${who} has expired or was revoked. Reconnect the account, then retry this post.` });
      }
      default:
        return fail(errorOf(error));
    }
  };

  const step = async (): Promise<'continue' | 'done'> => {
    switch (pub.status) {
      case 'queued':
        return prepare();
      case 'deferred':
        await save({ status: state().resumeStatus ?? 'queued', state: setState({ resumeStatus: undefined }) });
        return 'continue';
      case 'preparing':
        return state().plan ? createContainers() : prepare();
      case 'containers_created':
        return waitForProcessing();
      case 'processing':
        return poll();
      case 'publishing':
        return publish();
      default:
        await release({});
        return 'done';
    }
  };

  for (let steps = 0; steps < MAX_STEPS_PER_RUN; steps += 1) {
    try {
      if ((await step()) === 'done') return;
    } catch (error) {
      if (error instanceof LeaseLost) return;
      if (error instanceof Stopping) {
        if (!ctx.isAbandoned()) await release({}).catch(() => undefined);
        return;
      }
      try {
        if ((await handleError(error)) === 'done') return;
      } catch (inner) {
        if (inner instanceof LeaseLost || inner instanceof Stopping) return;
        ctx.logger.error(`publication ${pub.id}: could not record a failure`, inner);
        return;
      }
    }
  }
  // A step loop this long means something keeps answering "go on": let the lease lapse and look again later.
  await wait(config().retryBaseMs).catch(() => undefined);
};

/** When the rolling 24 h window frees a slot: a day after the oldest post this plugin made in it. */
const quotaWindowEnd = async (ctx: RunContext, pub: Publication, _acct: Account): Promise<Date> => {
  const dayAgo = Date.now() - 86_400_000;
  const { results } = await ctx.store.publications.list({ connectionId: pub.connectionId ?? undefined, status: ['published'], page: 1, pageSize: 200 });
  const inWindow = results.map((other) => other.publishedAt?.getTime() ?? 0).filter((time) => time > dayAgo);
  if (inWindow.length === 0) return new Date(Date.now() + ctx.config().quotaDeferMs);
  return new Date(Math.min(...inWindow) + 86_400_000 + 60_000);
};
