/**
 * The work both cluster benches give the cluster: connected accounts, published entries, posts
 * queued to those accounts, and the checks that every post went out exactly once.
 */
import type { Cluster } from './cluster';
import type { QueuedPost, SeededAccount } from './instance-commands';
import type { PublicationReader, PublicationRow } from './publications';

const TERMINAL = new Set(['published', 'failed', 'cancelled']);

export interface Accounts {
  sandbox: SeededAccount[];
  connectionIds: string[];
}

/** `count` Instagram accounts in the sandbox and their connections in the database (saved by instance 0). */
export const connectAccounts = async (cluster: Cluster, count: number, token: { issuedDaysAgo: number; expiresInDays: number }): Promise<Accounts> => {
  const { accounts } = await cluster.sandbox.send<{ accounts: SeededAccount[] }>({ seed: { count, ...token } });
  const connectionIds = await cluster.instances[0].request('seedConnections', { accounts, issuedDaysAgo: token.issuedDaysAgo });
  return { sandbox: accounts, connectionIds };
};

/** Post i goes to account i mod the number of accounts, so every account gets its share. */
export const assignAccounts = (entries: Array<{ documentId: string }>, accounts: Accounts, offset = 0) =>
  entries.map((entry, index) => ({ documentId: entry.documentId, connectionId: accounts.connectionIds[(index + offset) % accounts.connectionIds.length] }));

/**
 * Every queued post settled and no one working on it any more (no lease, or one that has lapsed:
 * a dead instance's lease on a published row is never taken over), or the deadline passed: the rows
 * as they were last read.
 */
export const waitForSettled = async (reader: PublicationReader, expected: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await reader.rows();
    const now = Date.now();
    const settled = rows.length >= expected && rows.every((row) => TERMINAL.has(row.status) && (!row.leaseOwner || (row.leaseUntil?.getTime() ?? 0) < now));
    if (settled || Date.now() > deadline) return { rows, settled };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

export interface Invariants {
  queued: number;
  published: number;
  /** Queued posts with no row, or a row that ended failed/cancelled. */
  lost: number;
  /** Rows still in flight (not published, failed or cancelled) when the run ended. */
  stuck: number;
  /**
   * Published rows that still carry a lease: the instance died after recording the post and before
   * its after-posting work (permalink, first comment, published event) let go; nothing resumes it.
   */
  abandonedAfterPosting: number;
  /** Published rows without a permalink. */
  withoutPermalink: number;
  /** Containers that got more than one successful media_publish. */
  containersPublishedTwice: number;
  /** Posts that are on Instagram more than once (two media with the post's caption). */
  postedTwice: number;
  /** Posts marked published whose media the sandbox does not have. */
  missingOnInstagram: number;
  mediaPublishCalls: number;
  ok: boolean;
}

/**
 * Checks the hard invariants against the database and the sandbox: each queued post published,
 * once, and nothing left in flight. A post is known on Instagram by its caption's first line,
 * the entry's title, which is unique in a run.
 */
export const checkInvariants = async (cluster: Cluster, accounts: Accounts, posts: Array<QueuedPost & { title: string }>, rows: PublicationRow[]): Promise<Invariants> => {
  const byDocument = new Map(rows.map((row) => [row.documentId, row]));
  const lost = posts.filter((post) => {
    const row = byDocument.get(post.documentId);
    return !row || row.status === 'failed' || row.status === 'cancelled';
  }).length;
  const stuck = rows.filter((row) => !TERMINAL.has(row.status) || (row.leaseOwner && row.status !== 'published')).length;
  const abandonedAfterPosting = rows.filter((row) => row.status === 'published' && row.leaseOwner).length;
  const { calls } = await cluster.sandbox.send<{ calls: Array<{ status: number; creationId: string | null }> }>({ calls: { method: 'POST', pathEndsWith: '/media_publish' } });
  const perContainer = new Map<string, number>();
  for (const call of calls) if (call.status === 200 && call.creationId) perContainer.set(call.creationId, (perContainer.get(call.creationId) ?? 0) + 1);
  const { media } = await cluster.sandbox.send<{ media: Array<{ id: string; caption: string | null }> }>({ media: { userIds: accounts.sandbox.map((account) => account.userId) } });
  const perTitle = new Map<string, number>();
  for (const item of media) {
    const title = (item.caption ?? '').split('\n')[0];
    perTitle.set(title, (perTitle.get(title) ?? 0) + 1);
  }
  const mediaIds = new Set(media.map((item) => item.id));
  const published = rows.filter((row) => row.status === 'published');
  const result = {
    queued: posts.length,
    published: published.length,
    lost,
    stuck,
    abandonedAfterPosting,
    withoutPermalink: published.filter((row) => !row.hasPermalink).length,
    containersPublishedTwice: [...perContainer.values()].filter((count) => count > 1).length,
    postedTwice: posts.filter((post) => (perTitle.get(post.title) ?? 0) > 1).length,
    missingOnInstagram: published.filter((row) => !row.mediaId || !mediaIds.has(row.mediaId)).length,
    mediaPublishCalls: calls.length,
  };
  return { ...result, ok: result.lost === 0 && result.stuck === 0 && result.abandonedAfterPosting === 0 && result.containersPublishedTwice === 0 && result.postedTwice === 0 && result.missingOnInstagram === 0 && result.published === result.queued };
};

/** The invariants as result figures: each must be exactly its target. */
export const invariantFigures = (invariants: Invariants) => [
  { name: 'posts published', value: invariants.published, unit: 'posts', target: `= ${invariants.queued} queued`, pass: invariants.published === invariants.queued },
  { name: 'posts lost', value: invariants.lost, unit: 'posts', target: '= 0', pass: invariants.lost === 0 },
  { name: 'posts stuck in flight', value: invariants.stuck, unit: 'posts', target: '= 0', pass: invariants.stuck === 0 },
  {
    name: 'published posts left leased (after-posting work abandoned)',
    value: invariants.abandonedAfterPosting,
    unit: 'posts',
    target: '= 0',
    pass: invariants.abandonedAfterPosting === 0,
    note: `${invariants.withoutPermalink} published post(s) without a permalink`,
  },
  { name: 'containers published twice', value: invariants.containersPublishedTwice, unit: 'containers', target: '= 0', pass: invariants.containersPublishedTwice === 0, note: `${invariants.mediaPublishCalls} media_publish calls in the sandbox log` },
  { name: 'posts on Instagram twice', value: invariants.postedTwice, unit: 'posts', target: '= 0', pass: invariants.postedTwice === 0 },
  { name: 'published posts missing on Instagram', value: invariants.missingOnInstagram, unit: 'posts', target: '= 0', pass: invariants.missingOnInstagram === 0 },
];
