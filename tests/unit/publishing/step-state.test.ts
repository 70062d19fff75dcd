import { newContainerState, previousContainersOf, retryStateOf, withState } from '../../../server/src/publishing/step-state';

describe('the step state', () => {
  it('drops the keys a patch sets to undefined or null instead of storing them', () => {
    // Given a state with a pending media_publish
    const state = { containerId: 'c-1', polls: 2, publishRequestedAt: 1 };
    // When the request is settled and the polls reset
    const next = withState(state, { publishRequestedAt: undefined, polls: 0, permalinkError: null as never });
    // Then the cleared key is gone (MongoDB would keep it as null) and the rest is kept
    expect(next).toEqual({ containerId: 'c-1', polls: 0 });
    expect('publishRequestedAt' in next).toBe(false);
    expect(state).toEqual({ containerId: 'c-1', polls: 2, publishRequestedAt: 1 });
  });

  it('lists every container made so far: earlier attempts, then the children, then the single container or parent', () => {
    expect(previousContainersOf({ previousContainers: ['old'], children: ['ch-1', 'ch-2'], containerId: 'parent' })).toEqual(['old', 'ch-1', 'ch-2', 'parent']);
    expect(previousContainersOf({ containerId: 'c-1' })).toEqual(['c-1']);
    expect(previousContainersOf({})).toEqual([]);
  });

  it('starts a retry from the containers made so far and the editor\'s repeat confirmation only', () => {
    const state = { plan: undefined, children: ['ch-1'], containerId: 'parent', polls: 4, permalinkError: 'x', publishRequestedAt: 5 };
    expect(retryStateOf(state)).toEqual({ previousContainers: ['ch-1', 'parent'] });
    expect(retryStateOf(state, true)).toEqual({ previousContainers: ['ch-1', 'parent'], allowDuplicate: true });
    // Nothing made yet: an empty state, not an empty list
    expect(retryStateOf({ polls: 1 })).toEqual({});
  });

  it('moves the current containers to the earlier ones when a new container is made, and counts it', () => {
    const state = { newContainers: 1, previousContainers: ['old'], containerId: 'c-2', polls: 7, pollDelayMs: 9_000, publishRequestedAt: 3 };
    expect(withState(state, newContainerState(state))).toEqual({ newContainers: 2, previousContainers: ['old', 'c-2'], polls: 0 });
  });
});
