import { parentContainerParams } from '../containers';
import type { StepState } from '../step-state';
import type { WorkerConfig } from '../mapping-schema';
import { containerLost, fail, later } from './outcomes';
import { markFoundPublished } from './published';
import type { Run, StepResult } from './run';

/** The next delay between two status reads: longer for video, growing by `pollFactor` up to `pollMaxMs`. */
export const nextPollDelay = (state: StepState, config: WorkerConfig): number => {
  const video = state.plan?.media.some((item) => item.isVideo) ?? false;
  const previous = state.pollDelayMs;
  if (typeof previous !== 'number' || previous <= 0) return video ? config.pollInitialVideoMs : config.pollInitialImageMs;
  return Math.min(config.pollMaxMs, Math.round(previous * config.pollFactor));
};

/** Meta is still processing the media: look again after the next delay, unless the processing budget is spent. */
export const waitForProcessing = async (run: Run): Promise<'done'> => {
  const config = run.ctx.config();
  const delay = nextPollDelay(run.state(), config);
  if (Date.now() + delay - (run.state().pollStartedAt ?? Date.now()) > config.pollBudgetMs) {
    return fail(run, {
      code: null,
      subcode: null,
      class: 'timeout',
      message: `Instagram did not finish processing the media within ${Math.round(config.pollBudgetMs / 60_000)} minute(s). Try again later, or with a shorter or smaller video.`,
    });
  }
  return later(run, delay, { status: 'processing', state: run.withState({ pollDelayMs: delay }) });
};

const countPoll = (run: Run) => run.save({ state: run.withState({ polls: (run.state().polls ?? 0) + 1 }) });

/**
 * The "processing" step: reads the container's status until Meta has FINISHED processing it. A
 * carousel's parent is made here, once every child is FINISHED (Meta needs them ready first).
 */
export const poll = async (run: Run): Promise<StepResult> => {
  const { graph } = run.ctx;
  const account = await run.account();
  const plan = run.state().plan!;
  if (plan.kind === 'carousel' && !run.state().containerId) {
    const children = run.state().children ?? [];
    let ready = true;
    for (const child of children) {
      run.beforeCall();
      const status = await graph.getContainerStatus(account, child);
      if (status.statusCode === 'ERROR' || status.statusCode === 'EXPIRED') return containerLost(run, status);
      if (status.statusCode !== 'FINISHED') ready = false;
    }
    await countPoll(run);
    if (!ready) return waitForProcessing(run);
    run.beforeCall();
    const containerId = await graph.createContainer(account, parentContainerParams(plan, children));
    await run.save({ state: run.withState({ containerId, pollDelayMs: undefined }) });
    return waitForProcessing(run);
  }
  run.beforeCall();
  const status = await graph.getContainerStatus(account, run.state().containerId!);
  await countPoll(run);
  switch (status.statusCode) {
    case 'FINISHED':
      await run.save({ status: 'publishing' });
      return 'continue';
    case 'PUBLISHED':
      return markFoundPublished(run, account);
    case 'ERROR':
    case 'EXPIRED':
      return containerLost(run, status);
    default:
      return waitForProcessing(run);
  }
};
