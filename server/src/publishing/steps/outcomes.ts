import { EVENTS, failedPayload } from '../../events';
import { userMessageFor } from '../../instagram';
import type { PublicationError, PublicationPatch } from '../../store/types';
import { keyReleasedOnFailure } from '../duplicates';
import { newContainerState } from '../step-state';
import type { Run } from './run';

/**
 * How a run ends when a step cannot simply go on: failed for good, retried after a backoff,
 * deferred until the quota frees a slot, or sent back to make a new container. Each one writes
 * the row and hands the publication back.
 */

/** Subcodes in a container's ERROR status that no new container can fix. */
const INVALID_CONTAINER_SUBCODES = new Set([2207004, 2207005, 2207009, 2207010, 2207018, 2207026, 2207028, 2207040, 2207057]);

const jitter = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

/** The delay before attempt `attempts` + 1: exponential, capped, with jitter. */
export const backoff = (run: Run, attempts: number) => {
  const config = run.ctx.config();
  return jitter(Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.max(0, attempts - 1)));
};

export const fail = async (run: Run, error: PublicationError): Promise<'done'> => {
  // Nothing went out before media_publish was sent: the content may be posted again later.
  await run.release({ status: 'failed', error, ...(keyReleasedOnFailure(run.state()) ? { dedupeKey: null } : {}) });
  run.ctx.logger.info(`publication ${run.pub.id} failed: ${error.message}`);
  // After the write: a failed row is only run again after a retry, which is a new attempt to announce.
  run.ctx.events?.emit(EVENTS.publicationFailed, failedPayload(run.pub, error));
  return 'done';
};

/** Hands the publication back until `delayMs` from now. */
export const later = async (run: Run, delayMs: number, patch: PublicationPatch = {}): Promise<'done'> => {
  await run.release({ ...patch, runAt: new Date(Date.now() + Math.max(0, delayMs)) });
  return 'done';
};

/** A passing failure: try again after a backoff (or Meta's hint), until the attempts run out. */
export const retryLater = async (run: Run, error: PublicationError, retryAfterMs?: number): Promise<'done'> => {
  const attempts = run.pub.attempts + 1;
  if (attempts >= run.ctx.config().maxAttempts) return fail(run, error);
  if (error.class === 'throttled') {
    const resumeStatus = run.pub.status === 'deferred' ? (run.state().resumeStatus ?? 'queued') : run.pub.status;
    return later(run, retryAfterMs ?? backoff(run, attempts), { status: 'deferred', attempts, error, state: run.withState({ resumeStatus }) });
  }
  return later(run, backoff(run, attempts), { attempts, error });
};

/** Meta cannot use the container: make a new one (the old ones are checked before posting), a few times at most. */
export const newContainer = async (run: Run, why: PublicationError): Promise<'done'> => {
  const config = run.ctx.config();
  const fresh = newContainerState(run.state());
  const made = fresh.newContainers!;
  if (made > config.maxNewContainers) return fail(run, why);
  run.ctx.logger.info(
    `publication ${run.pub.id}: Instagram could not use the container (${why.code ?? '-'}/${why.subcode ?? '-'}); making a new one (${made} of ${config.maxNewContainers})`,
  );
  return later(run, backoff(run, made), { status: 'preparing', error: why, state: run.withState(fresh) });
};

/** The error of a container in ERROR (its status text names a subcode) or EXPIRED (no text). */
export const containerFailure = (statusText: string | null): PublicationError => {
  const subcode = Number(/(22070\d\d)/.exec(statusText ?? '')?.[1] ?? NaN);
  const known = Number.isFinite(subcode) ? subcode : null;
  const cls = known !== null && INVALID_CONTAINER_SUBCODES.has(known) ? 'invalid' : 'newContainer';
  return { code: null, subcode: known, class: cls, message: userMessageFor({ class: cls, subcode: known ?? undefined, intent: 'publish' }) };
};

/** A container in ERROR or EXPIRED: fails when its content is the problem, else a new container is made. */
export const containerLost = (run: Run, status: { statusCode: string; status: string | null }): Promise<'done'> => {
  const failure = containerFailure(status.statusCode === 'ERROR' ? status.status : null);
  return failure.class === 'invalid' ? fail(run, failure) : newContainer(run, failure);
};

/** When the rolling 24 h window frees a slot: a day after the oldest post this plugin made in it. */
const quotaWindowEnd = async (run: Run): Promise<Date> => {
  const dayAgo = Date.now() - 86_400_000;
  const { results } = await run.ctx.store.publications.list({ connectionId: run.pub.connectionId ?? undefined, status: ['published'], page: 1, pageSize: 200 });
  const inWindow = results.map((other) => other.publishedAt?.getTime() ?? 0).filter((time) => time > dayAgo);
  if (inWindow.length === 0) return new Date(Date.now() + run.ctx.config().quotaDeferMs);
  return new Date(Math.min(...inWindow) + 86_400_000 + 60_000);
};

/** The account's publishing quota is used up: wait for the window to free a slot, then publish. */
export const deferForQuota = async (run: Run): Promise<'done'> => {
  const resumeAt = await quotaWindowEnd(run);
  run.ctx.logger.info(`publication ${run.pub.id}: publishing quota reached; deferred to ${resumeAt.toISOString()}`);
  return later(run, resumeAt.getTime() - Date.now(), {
    status: 'deferred',
    error: { code: 9, subcode: 2207042, class: 'defer', message: userMessageFor({ class: 'defer' }) },
    state: run.withState({ resumeStatus: 'publishing' }),
  });
};
