/**
 * Nothing lost, nothing twice, read from what the sandbox saw rather than from what the plugin
 * says: the Instagram media made for each publication (by its unique caption), and every
 * media_publish call per container (a call for a container already published is a blind retry).
 */
import type { Sandbox, SandboxCall } from '../../sandbox';

export interface PublicationRow {
  id: string;
  documentId: string;
  status: string;
  mediaId: string | null;
}

export interface Ledger {
  publications: number;
  published: number;
  /** Publications not published (lost or still stuck when the run's bound ran out). */
  notPublished: number;
  /** Publications with no Instagram media / with more than one. */
  withoutMedia: number;
  withSeveralMedia: number;
  /** Publications whose recorded media id is another post's. */
  wrongMediaId: number;
  /** Published, but the plugin could not learn which post is theirs (lost answer, post not found among the recent ones). */
  unknownMediaId: number;
  examples: string[];
  mediaPublishCalls: number;
  maxMediaPublishCallsPerContainer: number;
  /** media_publish calls sent for a container that had already gone out. */
  blindRepublishes: number;
  /** Containers made and never published (left by retries after a lost answer; harmless, they expire). */
  orphanContainers: number;
}

const publishedBy = (call: SandboxCall): boolean => typeof (call.response as { id?: unknown } | undefined)?.id === 'string';

export const readLedger = (sandbox: Sandbox, igUserId: string, rows: PublicationRow[], titleOf: (documentId: string) => string): Ledger => {
  const media = sandbox.listMedia(igUserId);
  const perCaption = new Map<string, string[]>();
  for (const item of media) {
    const title = (item.caption ?? '').split('\n')[0];
    perCaption.set(title, [...(perCaption.get(title) ?? []), item.id]);
  }
  let withoutMedia = 0;
  let withSeveralMedia = 0;
  let wrongMediaId = 0;
  let unknownMediaId = 0;
  const examples: string[] = [];
  for (const row of rows) {
    const made = perCaption.get(titleOf(row.documentId)) ?? [];
    if (made.length === 0) withoutMedia += 1;
    if (made.length > 1) withSeveralMedia += 1;
    if (made.length === 1 && row.mediaId === null) unknownMediaId += 1;
    if (made.length === 1 && row.mediaId !== null && row.mediaId !== made[0]) wrongMediaId += 1;
    if (made.length !== 1 || (row.mediaId !== null && row.mediaId !== made[0])) {
      if (examples.length < 5) examples.push(`publication ${row.id} (${row.status}) records media ${row.mediaId}, Instagram has [${made.join(', ')}]`);
    }
  }

  const publishCalls = sandbox.findCalls({ method: 'POST', path: /\/media_publish$/ });
  const perContainer = new Map<string, SandboxCall[]>();
  for (const call of publishCalls) {
    const id = String((call.body as Record<string, unknown> | undefined)?.creation_id ?? '');
    perContainer.set(id, [...(perContainer.get(id) ?? []), call]);
  }
  let blindRepublishes = 0;
  for (const calls of perContainer.values()) {
    calls.sort((a, b) => a.seq - b.seq);
    const first = calls.findIndex(publishedBy);
    // A call that arrived after the one that published (not merely answered after it) was sent blind.
    if (first >= 0) blindRepublishes += calls.filter((call, index) => index > first && call.at >= calls[first].at).length;
  }
  const published = rows.filter((row) => row.status === 'published').length;
  const containers = sandbox.listContainers(igUserId).filter((c) => c.kind !== 'CAROUSEL_ITEM_IMAGE' && c.kind !== 'CAROUSEL_ITEM_VIDEO');
  return {
    publications: rows.length,
    published,
    notPublished: rows.length - published,
    withoutMedia,
    withSeveralMedia,
    wrongMediaId,
    unknownMediaId,
    examples,
    mediaPublishCalls: publishCalls.length,
    maxMediaPublishCallsPerContainer: Math.max(0, ...[...perContainer.values()].map((calls) => calls.length)),
    blindRepublishes,
    orphanContainers: containers.filter((c) => c.statusCode !== 'PUBLISHED').length,
  };
};

/** The ledger as figures; the first five are invariants. */
export const ledgerFigures = (ledger: Ledger, expected: number) => [
  { name: 'publications published', value: ledger.published, unit: 'posts', target: `= ${expected}`, pass: ledger.published === expected && ledger.publications === expected, invariant: true },
  { name: 'publications without an Instagram post (lost)', value: ledger.withoutMedia, unit: 'posts', target: '= 0', pass: ledger.withoutMedia === 0, invariant: true },
  { name: 'publications posted more than once', value: ledger.withSeveralMedia, unit: 'posts', target: '= 0', pass: ledger.withSeveralMedia === 0, invariant: true },
  { name: 'media_publish sent for a container already published', value: ledger.blindRepublishes, unit: 'calls', target: '= 0', pass: ledger.blindRepublishes === 0, invariant: true },
  { name: 'publications recording another post\'s media id', value: ledger.wrongMediaId, unit: 'posts', target: '= 0', pass: ledger.wrongMediaId === 0, invariant: true, note: ledger.examples.join('; ') || undefined },
  { name: 'published with their post unknown (no link)', value: ledger.unknownMediaId, unit: 'posts', note: 'a lost publish answer whose post was not found among the recent ones' },
  { name: 'media_publish calls (all)', value: ledger.mediaPublishCalls, unit: 'calls', note: `at most ${ledger.maxMediaPublishCallsPerContainer} for one container` },
  { name: 'containers never published (left by retries)', value: ledger.orphanContainers, unit: 'containers' },
];
