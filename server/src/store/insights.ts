/**
 * The insights repository of every backend: a post's snapshots and an account's daily snapshots
 * (each a Table of the backend: Strapi's hidden content types, or MongoDB collections with
 * `mongoUri`), and the latest numbers and sync schedule kept on the publication itself (always in
 * Strapi's database, like the rest of the publication queue).
 */
import type { LatestInsights, InsightNumbers, PostKind } from '../contracts';
import type { StoredRow } from './query';
import { toDate, toNumberOrNull, toRecord, toRequiredDate, toStringOrNull } from './rows';
import type { Table } from './table';

export type PostSnapshotField = 'publicationId' | 'mediaId' | 'takenAt' | 'likes' | 'comments' | 'metrics';
export type AccountSnapshotField = 'connectionId' | 'day' | 'followersCount' | 'reach' | 'takenAt';
export type PublicationInsightsField =
  | 'id'
  | 'publicationStatus'
  | 'kind'
  | 'connectionId'
  | 'mediaId'
  | 'ownerUserId'
  | 'insights'
  | 'insightsState'
  | 'insightsSyncedAt'
  | 'nextInsightsAt'
  | 'insightsLeaseUntil'
  | 'likeCount'
  | 'commentCount'
  | 'reachCount'
  | 'targetUid'
  | 'targetDocumentId'
  | 'targetLocale'
  | 'permalink'
  | 'postedAt';

export interface PostSnapshot extends InsightNumbers {
  publicationId: string;
  mediaId: string | null;
  takenAt: Date;
}

export interface AccountSnapshot {
  connectionId: string;
  /** UTC day, YYYY-MM-DD: one snapshot per account and day. */
  day: string;
  followersCount: number | null;
  reach: number | null;
  takenAt: Date;
}

/** A published post as the insights sync sees it. */
export interface InsightsTarget {
  id: string;
  kind: PostKind | null;
  connectionId: string | null;
  mediaId: string | null;
  publishedAt: Date | null;
  ownerUserId: string | null;
  insights: LatestInsights | null;
  insightsSyncedAt: Date | null;
  nextInsightsAt: Date | null;
}

/** A published post of an account with its latest numbers: what account insights and public counts read. */
export interface PublishedPost {
  id: string;
  uid: string;
  documentId: string;
  locale: string | null;
  kind: PostKind | null;
  mediaId: string | null;
  permalink: string | null;
  /** When Instagram published it. */
  postedAt: Date | null;
  insights: LatestInsights | null;
  insightsSyncedAt: Date | null;
}

export interface InsightsRepository {
  addPostSnapshot(snapshot: PostSnapshot): Promise<void>;
  /** Oldest first. */
  listPostSnapshots(publicationId: string, limit?: number): Promise<PostSnapshot[]>;
  /** One per account and day: a second read the same day replaces the first. */
  putAccountSnapshot(snapshot: AccountSnapshot): Promise<void>;
  listAccountSnapshots(connectionId: string, sinceDay?: string): Promise<AccountSnapshot[]>;
  target(publicationId: string): Promise<InsightsTarget | null>;
  /**
   * Published posts, newest first, of one account (`connectionId`) or one entry (`entry`), of one
   * owner (`ownerUserId` null: the admin side's posts of entries).
   */
  publishedPosts(query: {
    connectionId?: string;
    entry?: { uid: string; documentId: string; locale?: string | null };
    ownerUserId: string | null;
    limit: number;
  }): Promise<PublishedPost[]>;
  /** Published posts never scheduled yet (oldest first), for their first step to be set. */
  unscheduled(limit: number): Promise<InsightsTarget[]>;
  /** Sets the next read (null: the schedule is over). */
  schedule(publicationId: string, nextAt: Date | null): Promise<void>;
  /**
   * Leases up to `limit` posts whose next read is due. Conditional on the lease seen, so of several
   * instances exactly one gets each post; a crashed instance's lease expires by itself.
   */
  claimDue(query: { now: Date; leaseUntil: Date; limit: number }): Promise<InsightsTarget[]>;
  /**
   * Stores a read's latest numbers (the JSON and the sortable count columns, `countsOf`), sets the
   * next read and frees the lease.
   */
  saveLatest(publicationId: string, latest: LatestInsights, syncedAt: Date, nextAt: Date | null): Promise<void>;
  /** Frees the lease after a failed read and retries at `retryAt`. */
  release(publicationId: string, retryAt: Date | null): Promise<void>;
}

const snapshotFromRow = (row: StoredRow): PostSnapshot => ({
  publicationId: String(row.publicationId),
  mediaId: toStringOrNull(row.mediaId),
  takenAt: toRequiredDate(row.takenAt),
  likes: toNumberOrNull(row.likes),
  comments: toNumberOrNull(row.comments),
  metrics: toRecord(row.metrics) as InsightNumbers['metrics'],
});

const accountFromRow = (row: StoredRow): AccountSnapshot => ({
  connectionId: String(row.connectionId),
  day: String(row.day),
  followersCount: toNumberOrNull(row.followersCount),
  reach: toNumberOrNull(row.reach),
  takenAt: toRequiredDate(row.takenAt),
});

const targetFromRow = (row: StoredRow): InsightsTarget => ({
  id: String(row.id),
  kind: (row.kind ?? null) as PostKind | null,
  connectionId: toStringOrNull(row.connectionId),
  mediaId: toStringOrNull(row.mediaId),
  // The Instagram publish time (`postedAt`): Strapi's own `publishedAt` of this type without draft &
  // publish is the row's creation, which for a scheduled post is long before it went out.
  publishedAt: toDate(row.postedAt),
  ownerUserId: toStringOrNull(row.ownerUserId),
  insights: row.insights && typeof row.insights === 'object' ? (row.insights as LatestInsights) : null,
  insightsSyncedAt: toDate(row.insightsSyncedAt),
  nextInsightsAt: toDate(row.nextInsightsAt),
});

/**
 * The sortable columns of a read: whole numbers or null (a read without the insights permission has
 * no reach). A read replaces what comment notifications added since the last one.
 */
export const countsOf = (latest: LatestInsights): { likeCount: number | null; commentCount: number | null; reachCount: number | null } => {
  const whole = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null);
  return { likeCount: whole(latest.likes), commentCount: whole(latest.comments), reachCount: whole(latest.metrics.reach) };
};
const publishedFromRow = (row: StoredRow): PublishedPost => ({
  id: String(row.id),
  uid: String(row.targetUid),
  documentId: String(row.targetDocumentId),
  locale: toStringOrNull(row.targetLocale),
  kind: (row.kind ?? null) as PostKind | null,
  mediaId: toStringOrNull(row.mediaId),
  permalink: toStringOrNull(row.permalink),
  postedAt: toDate(row.postedAt),
  insights: row.insights && typeof row.insights === 'object' ? (row.insights as LatestInsights) : null,
  insightsSyncedAt: toDate(row.insightsSyncedAt),
});

const PUBLISHED_FIELDS: PublicationInsightsField[] = [
  'id',
  'targetUid',
  'targetDocumentId',
  'targetLocale',
  'kind',
  'mediaId',
  'permalink',
  'postedAt',
  'insights',
  'insightsSyncedAt',
];

const TARGET_FIELDS: PublicationInsightsField[] = [
  'id',
  'kind',
  'connectionId',
  'mediaId',
  'postedAt',
  'ownerUserId',
  'insights',
  'insightsSyncedAt',
  'nextInsightsAt',
];

export const createInsightsRepository = (tables: {
  posts: Table<PostSnapshotField>;
  accounts: Table<AccountSnapshotField>;
  publications: Table<PublicationInsightsField>;
}): InsightsRepository => {
  const { posts, accounts, publications } = tables;
  const leaseFree = (now: Date) => ({ $or: [{ insightsLeaseUntil: null }, { insightsLeaseUntil: { $lte: now } }] });
  return {
    async addPostSnapshot(snapshot) {
      await posts.insert({ ...snapshot });
    },
    async listPostSnapshots(publicationId, limit = 500) {
      const rows = await posts.find({ publicationId }, { sort: [['takenAt', 'asc']], limit });
      return rows.map(snapshotFromRow);
    },
    async putAccountSnapshot(snapshot) {
      await accounts.upsert({ connectionId: snapshot.connectionId, day: snapshot.day }, { ...snapshot });
    },
    async listAccountSnapshots(connectionId, sinceDay) {
      const filter = sinceDay ? { connectionId, day: { $gt: sinceDay } } : { connectionId };
      return (await accounts.find(filter, { sort: [['day', 'asc']], limit: 1000 })).map(accountFromRow);
    },
    async target(publicationId) {
      if (!publications.isId(publicationId)) return null;
      const row = await publications.findOne({ id: publicationId });
      return row ? targetFromRow(row) : null;
    },
    async publishedPosts({ connectionId, entry, ownerUserId, limit }) {
      const rows = await publications.find(
        {
          publicationStatus: 'published',
          ownerUserId,
          ...(connectionId !== undefined ? { connectionId } : {}),
          ...(entry ? { targetUid: entry.uid, targetDocumentId: entry.documentId, ...(entry.locale ? { targetLocale: entry.locale } : {}) } : {}),
        },
        { sort: [['postedAt', 'desc'], ['id', 'desc']], limit, fields: PUBLISHED_FIELDS }
      );
      return rows.map(publishedFromRow);
    },
    async unscheduled(limit) {
      const rows = await publications.find(
        { publicationStatus: 'published', insightsState: null, mediaId: { $ne: null } },
        { sort: [['postedAt', 'asc']], limit, fields: TARGET_FIELDS }
      );
      return rows.map(targetFromRow);
    },
    async schedule(publicationId, nextAt) {
      await publications.updateOne({ id: publicationId }, { insightsState: nextAt ? 'scheduled' : 'done', nextInsightsAt: nextAt });
    },
    async claimDue({ now, leaseUntil, limit }) {
      const candidates = await publications.find(
        { insightsState: 'scheduled', nextInsightsAt: { $lte: now }, ...leaseFree(now) },
        { sort: [['nextInsightsAt', 'asc']], limit, fields: TARGET_FIELDS }
      );
      const claimed: InsightsTarget[] = [];
      for (const candidate of candidates) {
        // One conditional UPDATE: of racing instances, only the first finds the post still due and unleased
        // (one that another instance has just read is no longer due).
        const count = await publications.updateMany(
          { id: String(candidate.id), insightsState: 'scheduled', nextInsightsAt: { $lte: now }, ...leaseFree(now) },
          { insightsLeaseUntil: leaseUntil }
        );
        // The row read above is the one leased: nothing else writes these columns while it is due and free.
        if (count === 1) claimed.push(targetFromRow(candidate));
      }
      return claimed;
    },
    async saveLatest(publicationId, latest, syncedAt, nextAt) {
      await publications.updateOne({ id: publicationId }, {
        insights: latest,
        ...countsOf(latest),
        insightsSyncedAt: syncedAt,
        nextInsightsAt: nextAt,
        insightsState: nextAt ? 'scheduled' : 'done',
        insightsLeaseUntil: null,
      });
    },
    async release(publicationId, retryAt) {
      await publications.updateOne({ id: publicationId }, {
        insightsLeaseUntil: null,
        ...(retryAt ? { nextInsightsAt: retryAt } : { insightsState: 'done' }),
      });
    },
  };
};
