/**
 * An account's insights and the public counts of an entry's posts:
 * - `GET /connections/:id/insights?days=30&top=10` (admin, `connections.read`) and
 *   `GET /api/instagram-publisher/me/connections/:id/insights` (the connection's own end user) answer
 *   `AccountInsightsResponse`;
 * - `GET /api/instagram-publisher/permalinks/counts?uid=&documentId=&locale=` (public, opt-in) answers
 *   `ListPublicCounts.Response`: only what Instagram itself shows anyone (likes, comments).
 */
import type { PostKind } from './statuses';

/** `ok`: the connection may read insights; `reconnect`: made before the insights permission was asked for. */
export type AccountInsightsAccess = 'ok' | 'reconnect';

/** One day of an account (UTC), from the daily account snapshot. */
export interface AccountDayView {
  /** YYYY-MM-DD */
  day: string;
  followers: number | null;
  reach: number | null;
}

/** How top posts are ordered: by reach when any post has it, else by likes (connections without the insights permission). */
export type TopPostsRanking = 'reach' | 'likes';

export interface AccountTopPost {
  publicationId: string;
  mediaId: string | null;
  kind: PostKind | null;
  permalink: string | null;
  publishedAt: string | null;
  likes: number | null;
  comments: number | null;
  reach: number | null;
  /**
   * The entry the post came from, when the reader may read it in the Content Manager; null for an
   * end user's own post, and for an entry the admin may not read (the post still shows, without it).
   */
  entry: { uid: string; documentId: string; locale: string | null; title: string | null } | null;
}

export interface AccountInsightsResponse {
  data: {
    connectionId: string;
    username: string | null;
    access: AccountInsightsAccess;
    /** Why numbers are missing, in words for the reader; null when nothing is. */
    message: string | null;
    days: number;
    /** One point per day that has a snapshot within `days`, oldest first. */
    series: AccountDayView[];
    latest: {
      /** The latest followers count known (the last snapshot's, else the profile's). */
      followers: number | null;
      /** The last day's reach read (null without the insights permission). */
      reach: number | null;
      /** The day `reach` is from. */
      reachDay: string | null;
    };
    rankedBy: TopPostsRanking;
    topPosts: AccountTopPost[];
  };
}

export declare namespace GetAccountInsights {
  interface Params {
    id: string;
  }
  interface Query {
    /** 1 to 365, default 30. */
    days?: number | string;
    /** 1 to 50, default 10. */
    top?: number | string;
  }
  type Response = AccountInsightsResponse;
}

/** What a front end may show next to a post: Instagram's public counts, never reach or anything private. */
export interface PublicCount {
  permalink: string;
  mediaId: string | null;
  kind: PostKind | null;
  locale: string | null;
  publishedAt: string | null;
  likes: number | null;
  comments: number | null;
  /** When these counts were read from Instagram (null: not yet). */
  countedAt: string | null;
}

/** GET /api/instagram-publisher/permalinks/counts (content API, opt-in) */
export declare namespace ListPublicCounts {
  interface Query {
    uid: string;
    documentId: string;
    locale?: string;
  }
  interface Response {
    data: PublicCount[];
  }
}
