/**
 * Editor publish latency, plugin on (type mapped, auto-publish) against off (type unmapped), on two
 * paths measured in the same run, interleaved:
 * - the Content Manager's publish route over HTTP, the editor's real path: the route runs every
 *   publish in a transaction, so both arms pay one and the ratio compares like with like;
 * - the Document Service called directly: the on arm gains the plugin's transaction while the off
 *   arm has none, so its ratio is not like with like (shown beside the other, labelled so).
 * Each path runs its arms in ABBA order, so drift over the run (table growth, JIT warm-up) weighs on
 * both arms alike. The worker's queue is drained before every sample so both arms measure the
 * publish itself, not leftover posting.
 */
import type { Core } from '@strapi/strapi';
import { createArticle, listPublications, publishArticle, settled, waitFor } from '../../integration/publishing/helpers';

export type Path = 'contentManager' | 'documentService';
export type Arm = 'on' | 'off';
export type Samples = Record<Path, Record<Arm, number[]>>;

const TERMINAL = ['published', 'failed', 'cancelled'];

/** Every publication settled and no lease held: the worker is idle. */
export const drained = (strapi: Core.Strapi) =>
  waitFor(
    async () => (await listPublications(strapi)).every((row) => TERMINAL.includes(row.status) && !row.leaseOwner),
    { timeoutMs: 60_000, intervalMs: 20, what: 'the queue to drain' },
  ).catch(async (error) => {
    const stuck = (await listPublications(strapi)).filter((row) => !TERMINAL.includes(row.status) || row.leaseOwner);
    throw new Error(`${error.message}: ${JSON.stringify(stuck.map(({ id, status, runAt, leaseOwner, leaseUntil, error: why }) => ({ id, status, runAt, leaseOwner, leaseUntil, why })))}`);
  });

/** Position in a cycle of eight: an ABBA block on the Content Manager path, then one on the Document Service. */
const slotOf = (index: number): { path: Path; arm: Arm } => {
  const position = ((index % 8) + 8) % 8;
  return { path: position < 4 ? 'contentManager' : 'documentService', arm: position % 4 === 0 || position % 4 === 3 ? 'on' : 'off' };
};

export interface LatencyRun {
  samples: Samples;
  /** Publishes of each arm (warm-up included) and what they queued and posted: the exactly-once check. */
  counts: { onPublishes: number; onQueued: number; onPosted: number; offPublishes: number; offQueued: number };
}

export const measureLatency = async ({
  strapi,
  coverId,
  samplesPerArm,
  warmUp,
  forceGc,
  setMapped,
  contentManager,
}: {
  strapi: Core.Strapi;
  coverId: number;
  samplesPerArm: number;
  warmUp: number;
  forceGc: boolean;
  setMapped: (mapped: boolean) => Promise<void>;
  contentManager: { publish(documentId: string, title: string): Promise<void> };
}): Promise<LatencyRun> => {
  const samples: Samples = { contentManager: { on: [], off: [] }, documentService: { on: [], off: [] } };
  const counts = { onPublishes: 0, onQueued: 0, onPosted: 0, offPublishes: 0, offQueued: 0 };
  // The first publishes run while V8 still compiles Strapi's publish path (two to three times
  // slower): they are run, unrecorded, so that warm-up drift does not widen the arms.
  for (let index = -warmUp; index < samplesPerArm * 4; index += 1) {
    const { path, arm } = slotOf(index);
    await setMapped(arm === 'on');
    const title = `Latency ${index}`;
    const article = await createArticle(strapi, { title, cover: coverId });
    await drained(strapi);
    // The worker looks at the queue once more after its last step: let that finish too.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (forceGc) (globalThis as { gc?: () => void }).gc?.();
    const started = process.hrtime.bigint();
    if (path === 'contentManager') await contentManager.publish(article.documentId, title);
    else await publishArticle(strapi, article.documentId);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (index >= 0) samples[path][arm].push(elapsed);

    const queued = (await listPublications(strapi, { documentId: article.documentId })).length;
    if (arm === 'off') {
      counts.offPublishes += 1;
      counts.offQueued += queued;
      continue;
    }
    counts.onPublishes += 1;
    counts.onQueued += queued;
    // Let the worker finish that post before the next sample, so it weighs on neither arm.
    const rows = await settled(strapi, article.documentId, { timeoutMs: 30_000 }).catch(async (error) => {
      const rows = await listPublications(strapi, { documentId: article.documentId });
      throw new Error(`sample ${index} (${path}): ${error.message}: ${JSON.stringify(rows)}`);
    });
    counts.onPosted += rows.filter((row) => row.status === 'published').length;
  }
  await drained(strapi);
  return { samples, counts };
};
