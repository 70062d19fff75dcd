import { childContainerParams, singleContainerParams } from '../containers';
import { pollingFrom } from '../step-state';
import type { Run, StepResult } from './run';

/**
 * The "preparing" step once the plan is fixed: makes the containers (a carousel's children one by
 * one, or the single container) and starts polling their processing. Every id is saved as soon
 * as Meta returns it, so a crash mid-way resumes with the containers already made.
 */
export const createContainers = async (run: Run): Promise<StepResult> => {
  const { graph } = run.ctx;
  const plan = run.state().plan!;
  const account = await run.account();
  if (plan.kind === 'carousel') {
    const params = childContainerParams(plan);
    const children = [...(run.state().children ?? [])];
    for (let index = children.length; index < params.length; index += 1) {
      run.beforeCall();
      children.push(await graph.createContainer(account, params[index]));
      await run.save({ state: run.withState({ children }) });
    }
    await run.save({ status: 'containers_created', state: run.withState({ children, ...pollingFrom(Date.now()) }) });
    return 'continue';
  }
  run.beforeCall();
  const containerId = await graph.createContainer(account, singleContainerParams(plan));
  await run.save({ status: 'containers_created', state: run.withState({ containerId, ...pollingFrom(Date.now()) }) });
  return 'continue';
};
