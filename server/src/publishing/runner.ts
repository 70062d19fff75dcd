import type { Publication } from '../store/types';
import { createContainers } from './steps/create-containers';
import { handleError } from './steps/errors';
import { later } from './steps/outcomes';
import { prepare } from './steps/prepare';
import { publish } from './steps/publish';
import { finishPublished } from './steps/published';
import { LeaseLost, openRun, Stopping, type Run, type RunContext, type StepResult } from './steps/run';
import { poll, waitForProcessing } from './steps/wait';

export type { RunContext } from './steps/run';

/**
 * The publication state machine. Every step is persisted before the next Graph call, so a crash at
 * any point resumes from the saved state:
 *
 *   queued → preparing → containers_created → processing → publishing → published
 *                     ↘ deferred (quota, throttling; resumes where it stopped)   ↘ failed
 *
 * A published row still holding a lapsed lease (its instance died after posting) is claimed once
 * more only to finish the link and first comment, never to post again.
 *
 * Container ids are saved before polling, the media id right after media_publish, and the moment
 * media_publish is sent is saved before sending it: a resumed "publishing" step therefore reads the
 * container's status first, and a PUBLISHED container is never published again. Each step lives
 * in `steps/`; this file only picks the step for the saved status and runs them in turn.
 */

const MAX_STEPS_PER_RUN = 60;

const step = async (run: Run): Promise<StepResult> => {
  switch (run.pub.status) {
    case 'queued':
      return prepare(run);
    case 'deferred':
      await run.save({ status: run.state().resumeStatus ?? 'queued', state: run.withState({ resumeStatus: undefined }) });
      return 'continue';
    case 'preparing':
      return run.state().plan ? createContainers(run) : prepare(run);
    case 'containers_created':
      return waitForProcessing(run);
    case 'processing':
      return poll(run);
    case 'publishing':
      return publish(run);
    case 'published':
      // Only a row its last run could not free is claimed in this status.
      return finishPublished(run);
    default:
      await run.release({});
      return 'done';
  }
};

/** Runs one claimed publication until it waits (lease released), finishes, or the lease is lost. */
export const runPublication = async (ctx: RunContext, claimed: Publication): Promise<void> => {
  const run = openRun(ctx, claimed);
  for (let steps = 0; steps < MAX_STEPS_PER_RUN; steps += 1) {
    try {
      if ((await step(run)) === 'done') return;
    } catch (error) {
      if (error instanceof LeaseLost) return;
      if (error instanceof Stopping) {
        if (!ctx.isAbandoned()) await run.release({}).catch(() => undefined);
        return;
      }
      try {
        if ((await handleError(run, error)) === 'done') return;
      } catch (inner) {
        if (inner instanceof LeaseLost || inner instanceof Stopping) return;
        ctx.logger.error(`publication ${run.pub.id}: could not record a failure`, inner);
        return;
      }
    }
  }
  // A step loop this long means something keeps answering "go on": let the lease lapse and look again later.
  await later(run, ctx.config().retryBaseMs).catch(() => undefined);
};
