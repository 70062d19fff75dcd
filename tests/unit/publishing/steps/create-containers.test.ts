import { createContainers } from '../../../../server/src/publishing/steps/create-containers';
import { Stopping } from '../../../../server/src/publishing/steps/run';
import { harness, plan, publicationIn, stateOf } from '../harness';

const carousel = {
  ...plan,
  kind: 'carousel' as const,
  media: [1, 2, 3].map((fileId) => ({ ...plan.media[0], fileId, url: `https://cdn.example/${fileId}.jpg` })),
};

describe('the create containers step', () => {
  it('makes one container for an image and starts polling it', async () => {
    const bench = harness(publicationIn('preparing', { plan }), { createContainer: jest.fn(async () => 'c-1') });
    const before = Date.now();
    expect(await createContainers(bench.run())).toBe('continue');
    expect(bench.graph.createContainer).toHaveBeenCalledWith(expect.objectContaining({ igUserId: '1784' }), expect.objectContaining({ imageUrl: 'https://cdn.example/a.jpg', caption: 'Hello' }));
    expect(bench.current().status).toBe('containers_created');
    expect(stateOf(bench.current())).toMatchObject({ containerId: 'c-1', polls: 0 });
    expect(stateOf(bench.current()).pollStartedAt).toBeGreaterThanOrEqual(before);
  });

  it('saves each carousel child as soon as it is made, before making the next', async () => {
    let made = 0;
    const bench = harness(publicationIn('preparing', { plan: carousel }), { createContainer: jest.fn(async () => `child-${(made += 1)}`) });
    await createContainers(bench.run());
    // Every write after a child holds that child: a crash between two children loses none
    const childWrites = bench.writes.map((patch) => stateOf(patch as never)?.children).filter(Boolean);
    expect(childWrites.slice(0, 3)).toEqual([['child-1'], ['child-1', 'child-2'], ['child-1', 'child-2', 'child-3']]);
    expect(bench.current().status).toBe('containers_created');
    expect(stateOf(bench.current())).toMatchObject({ children: ['child-1', 'child-2', 'child-3'], polls: 0 });
    expect(stateOf(bench.current()).containerId).toBeUndefined();
  });

  it('resumes a carousel with the children already made', async () => {
    const bench = harness(publicationIn('preparing', { plan: carousel, children: ['child-1'] }), { createContainer: jest.fn().mockResolvedValueOnce('child-2').mockResolvedValueOnce('child-3') });
    await createContainers(bench.run());
    expect(bench.graph.createContainer).toHaveBeenCalledTimes(2);
    expect(bench.graph.createContainer.mock.calls[0][1]).toMatchObject({ imageUrl: 'https://cdn.example/2.jpg', isCarouselItem: true });
    expect(stateOf(bench.current()).children).toEqual(['child-1', 'child-2', 'child-3']);
  });

  it('makes no container while the instance stops', async () => {
    const bench = harness(publicationIn('preparing', { plan }), { createContainer: jest.fn() }, { stopping: true });
    await expect(createContainers(bench.run())).rejects.toBeInstanceOf(Stopping);
    expect(bench.graph.createContainer).not.toHaveBeenCalled();
  });
});
