/**
 * Reading a published post's numbers: ONE Graph call per post per sync. Field expansion batches the
 * public counts (`like_count`, `comments_count`) and the insight metrics of the post's kind:
 *   GET /{media-id}?fields=like_count,comments_count,insights.metric(reach,views,...)
 *
 * Metrics are those Meta serves for media since v22.0 (current in v27.0). Retired in 2025 and never
 * asked for: impressions, plays, clips_replays_count, ig_reels_aggregated_all_plays_count,
 * video_views, engagement (asking for one makes Meta refuse the whole call).
 *  - feed image/video and carousel: reach, views, saved, shares, total_interactions
 *  - reel: the same plus ig_reels_avg_watch_time (ms)
 *  - story (only until it expires at 24 h): reach, views, replies, shares, navigation, total_interactions
 * Insights are not available for the children of a carousel, so the album itself is read.
 */
import { z } from "zod";
import type { PostKind } from "../contracts";
import { encodeId, type Account, type AccountCalls } from "./account-calls";
import { InstagramApiError } from "./errors";

const FEED_METRICS = [
  "reach",
  "views",
  "saved",
  "shares",
  "total_interactions",
] as const;
const REEL_METRICS = [...FEED_METRICS, "ig_reels_avg_watch_time"] as const;
const STORY_METRICS = [
  "reach",
  "views",
  "replies",
  "shares",
  "navigation",
  "total_interactions",
] as const;

export type InsightMetric =
  | (typeof REEL_METRICS)[number]
  | (typeof STORY_METRICS)[number];

/** Metrics Meta retired in 2025; listed so tests (and the sandbox) can prove none is ever asked for. */
export const RETIRED_MEDIA_METRICS = Object.freeze([
  "impressions",
  "plays",
  "clips_replays_count",
  "ig_reels_aggregated_all_plays_count",
  "video_views",
  "engagement",
] as const);

/** The metrics the plugin reads for a post of `kind`. */
export const metricsForKind = (kind: PostKind): readonly InsightMetric[] => {
  if (kind === "story") return STORY_METRICS;
  if (kind === "reel") return REEL_METRICS;
  return FEED_METRICS;
};

/** The `fields` parameter of the one call: counts plus the kind's metrics, expanded in place. */
export const insightFieldsForKind = (kind: PostKind): string =>
  `like_count,comments_count,insights.metric(${metricsForKind(kind).join(",")})`;

const metricValueSchema = z
  .object({
    value: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
  })
  .passthrough();

/** One metric of an insights answer: media and account insights share the shape. */
const metricEntrySchema = z
  .object({
    name: z.string(),
    values: z.array(metricValueSchema).optional(),
    total_value: metricValueSchema.optional(),
  })
  .passthrough();

const mediaInsightsSchema = z
  .object({
    id: z.string(),
    like_count: z.number().optional(),
    comments_count: z.number().optional(),
    insights: z
      .object({
        data: z.array(
          metricEntrySchema,
        ),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** A post's numbers at one moment; a metric Meta had no data for (new post, too few viewers) is absent. */
export interface PostNumbers {
  likes: number | null;
  comments: number | null;
  metrics: Partial<Record<InsightMetric, number>>;
}

/** A read that could not include insights because the login lacks the insights permission. */
export interface PostNumbersWithoutInsights extends PostNumbers {
  missingPermission: true;
}

const numberOf = (entry: {
  values?: Array<{ value?: unknown }>;
  total_value?: { value?: unknown };
}): number | null => {
  const value = entry.total_value?.value ?? entry.values?.[0]?.value;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

export const parsePostNumbers = (
  raw: z.infer<typeof mediaInsightsSchema>,
): PostNumbers => {
  const metrics: Partial<Record<InsightMetric, number>> = {};
  for (const entry of raw.insights?.data ?? []) {
    const value = numberOf(entry);
    if (value !== null) metrics[entry.name as InsightMetric] = value;
  }
  return {
    likes: raw.like_count ?? null,
    comments: raw.comments_count ?? null,
    metrics,
  };
};

const accountInsightsSchema = z
  .object({
    data: z.array(
      metricEntrySchema,
    ),
  })
  .passthrough();

const countsSchema = z
  .object({
    id: z.string(),
    like_count: z.number().optional(),
    comments_count: z.number().optional(),
  })
  .passthrough();

export const createInsights = ({
  calls: { read },
}: {
  calls: AccountCalls;
}) => {
  const readCountsOnly = async (
    account: Account,
    path: string,
  ): Promise<PostNumbersWithoutInsights> => {
    const raw = await read(account, {
      operation: "getPostCounts",
      path,
      query: { fields: "like_count,comments_count" },
      needs: "profile",
      schema: countsSchema,
    });
    return {
      likes: raw.like_count ?? null,
      comments: raw.comments_count ?? null,
      metrics: {},
      missingPermission: true,
    };
  };
  return {
    /**
     * The post's counts and insight metrics in one call. When the login lacks the insights
     * permission, Meta refuses the whole call (code 10): the counts are then read alone (they need
     * only the basic scope) and the answer says `missingPermission`, so the caller shows "reconnect
     * to see insights" rather than failing.
     */
    async getPostNumbers(
      account: Account,
      mediaId: string,
      kind: PostKind,
      grantedScopes?: readonly string[],
    ): Promise<PostNumbers | PostNumbersWithoutInsights> {
      const path = `/${encodeId(mediaId)}`;
      if (
        grantedScopes &&
        !grantedScopes.some((scope) => scope.endsWith("manage_insights"))
      )
        return readCountsOnly(account, path);
      try {
        const raw = await read(account, {
          operation: "getPostInsights",
          path,
          query: { fields: insightFieldsForKind(kind) },
          needs: "insights",
          schema: mediaInsightsSchema,
        });
        return parsePostNumbers(raw);
      } catch (error) {
        if (error instanceof InstagramApiError && error.class === "permission")
          return readCountsOnly(account, path);
        throw error;
      }
    },

    /** The account's reach over the last day (`/{ig-user-id}/insights?metric=reach&period=day`): one call. */
    async getAccountDailyReach(account: Account): Promise<number | null> {
      const raw = await read(account, {
        operation: "getAccountInsights",
        path: `/${encodeId(account.igUserId)}/insights`,
        query: { metric: "reach", period: "day" },
        needs: "insights",
        schema: accountInsightsSchema,
      });
      const entry = raw.data.find((item) => item.name === "reach");
      return entry ? numberOf(entry) : null;
    },
  };
};

export type Insights = ReturnType<typeof createInsights>;
