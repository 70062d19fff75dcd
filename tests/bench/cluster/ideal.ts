/**
 * The ideal wall time of a publishing run, from the configured numbers only.
 *
 * An image post needs five Graph calls, the minimum bench:publish holds the worker to: read the
 * publishing quota, create the container, read its status once it is FINISHED, media_publish,
 * read the permalink. Each takes the sandbox's latency L, and the container needs its finishing
 * time F after it is created: the per-post floor is 5·L + F. (The quota answer is cached per
 * account for quotaCacheMs, so a run can make fewer quota reads than posts; the floor counts one
 * per post, as a post that meets a cold cache needs it.)
 *
 * A worker slot is held only while a post's calls run: the worker hands the lease back while Meta
 * processes the container and claims the post again when it is due. The S = instances ×
 * concurrency slots therefore serve N posts in ceil(N / S) rounds of 5·L, and no run can be
 * shorter than one post's floor:
 *
 *   ideal = max(ceil(N / S) × 5·L, 5·L + F)
 *
 * (The "slot held for a post's whole life" bound, ceil(N / S) × (5·L + F), is also reported: a
 * worker that kept its slot while Meta processes would take that long.)
 */
export const CALLS_PER_POST = 5;

export const IDEAL_FORMULA = 'max(ceil(posts / (instances × concurrency)) × 5 × latency, 5 × latency + container finishing time), 5 calls = quota, create, status, media_publish, permalink';

export const idealWallTime = (run: { posts: number; instances: number; concurrency: number; latencyMs: number; containerProcessingMs: number }) => {
  const slots = run.instances * run.concurrency;
  const rounds = Math.ceil(run.posts / slots);
  const busyMs = CALLS_PER_POST * run.latencyMs;
  const floorMs = busyMs + run.containerProcessingMs;
  const idealMs = Math.max(rounds * busyMs, floorMs);
  return {
    idealMs,
    floorMs,
    callsPerPost: CALLS_PER_POST,
    roundsTimesFloorMs: rounds * floorMs,
    explanation:
      `${slots} slots, ${rounds} rounds of ${CALLS_PER_POST} calls × ${run.latencyMs} ms = ${rounds * busyMs} ms; ` +
      `per-post floor ${CALLS_PER_POST} × ${run.latencyMs} + ${run.containerProcessingMs} = ${floorMs} ms; the larger one`,
  };
};
