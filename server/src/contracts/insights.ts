/**
 * Insights of published posts: `GET /publications/:id/insights` (admin) and
 * `GET /api/instagram-publisher/me/publications/:id/insights` (the post's own end user) both answer
 * `PublicationInsightsResponse`.
 */
import type { PostKind } from './statuses';

/** Metric names as Meta's Graph API (v22.0 and later) names them; which ones a post has depends on its kind. */
export type InsightMetricName =
  | 'reach'
  | 'views'
  | 'saved'
  | 'shares'
  | 'total_interactions'
  | 'ig_reels_avg_watch_time'
  | 'replies'
  | 'navigation';

/**
 * - `ok`: numbers read; `reconnect`: the connection lacks the insights permission (counts only,
 *   "reconnect to see insights"); `pending`: not read yet; `unavailable`: the last read failed.
 */
export type InsightsStatus = 'ok' | 'reconnect' | 'pending' | 'unavailable';

/** A post's numbers at one moment. A metric Meta had no data for is absent. */
export interface InsightNumbers {
  likes: number | null;
  comments: number | null;
  metrics: Partial<Record<InsightMetricName, number>>;
}

export interface InsightSnapshotView extends InsightNumbers {
  takenAt: string;
}

export interface PublicationInsightsResponse {
  data: {
    publicationId: string;
    kind: PostKind | null;
    mediaId: string | null;
    status: InsightsStatus;
    /** Why the numbers are missing or partial, in words for the editor. */
    message: string | null;
    latest: InsightSnapshotView | null;
    /** Oldest first. */
    series: InsightSnapshotView[];
    syncedAt: string | null;
    /** Null once the schedule is over (or before the post is published). */
    nextSyncAt: string | null;
  };
}

/** What a publication keeps of its latest read, for listings (the `insights` JSON column). */
export interface LatestInsights extends InsightNumbers {
  status: Exclude<InsightsStatus, 'pending'>;
  message: string | null;
}

export const RECONNECT_FOR_INSIGHTS_MESSAGE = 'Reconnect the account to see insights: it was connected without the insights permission.';

/**
 * A post's latest numbers as the publication keeps them (integer columns beside the `insights` JSON,
 * so listings sort by them in the database): null until the post's numbers are first read.
 * `commentCount` also moves between reads: each comment Instagram notifies (webhook) adds one.
 */
export interface PostCounts {
  likeCount: number | null;
  commentCount: number | null;
  reachCount: number | null;
  /** When the last comment notification arrived (ISO 8601); null before any. */
  lastCommentAt: string | null;
}

/**
 * GET /publications/:id/activity (admin): a post's counts and comment activity, light enough for an
 * open comments list or panel to poll every few seconds and reload only when something changed.
 */
export declare namespace GetPublicationActivity {
  interface Params {
    id: string;
  }
  interface Response {
    data: PostCounts & { id: string; status: string; insightsSyncedAt: string | null };
  }
}
