import { createHash } from 'node:crypto';
import { err } from '../errors';
import { IG_USER, MEDIA } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { NodeCall, RouteModule } from '../graph/router';
import { ok } from '../http/answer';
import type { SandboxInstagramAccount, SandboxMedia } from '../types';

/**
 * Insights as Meta serves them since v22.0 (current in v27.0): per media product type, the metrics
 * below; the retired ones (impressions, plays, video_views, ...) answer code 100 as Meta does. A
 * metric's value is `media.stats[metric]` when a test set it, else a stable number derived from the
 * media id, so repeated reads agree.
 */
const FEED = ['reach', 'views', 'saved', 'shares', 'likes', 'comments', 'total_interactions', 'profile_visits', 'profile_activity', 'follows'];
const CAROUSEL = ['reach', 'views', 'saved', 'shares', 'likes', 'comments', 'total_interactions'];
const REELS = ['reach', 'views', 'saved', 'shares', 'likes', 'comments', 'total_interactions', 'ig_reels_avg_watch_time', 'ig_reels_video_view_total_time'];
const STORY = ['reach', 'views', 'replies', 'shares', 'navigation', 'total_interactions', 'follows', 'profile_visits', 'profile_activity'];
export const RETIRED_METRICS = ['impressions', 'plays', 'clips_replays_count', 'ig_reels_aggregated_all_plays_count', 'video_views', 'engagement', 'taps_forward', 'taps_back', 'exits'];

/** Account metrics (`/{ig-user-id}/insights`, period=day) the sandbox serves. */
const ACCOUNT_METRICS = ['reach', 'views', 'accounts_engaged', 'total_interactions', 'follower_count'];

export const mediaMetricsOf = (m: SandboxMedia): string[] =>
  m.productType === 'STORY' ? STORY : m.productType === 'REELS' ? REELS : m.mediaType === 'CAROUSEL_ALBUM' ? CAROUSEL : FEED;

const stable = (seed: string, max: number): number => createHash('sha256').update(seed).digest().readUInt32BE(0) % max;

/** The public counts: set by a test through `stats.likes` / `stats.comments`, else derived. */
export const likeCountOf = (m: SandboxMedia): number => m.stats?.likes ?? stable(`${m.id}:likes`, 500);
export const commentCountOf = (m: SandboxMedia): number => m.stats?.comments ?? m.comments.length;

function metricValue(m: SandboxMedia, metric: string): number {
  const set = m.stats?.[metric];
  if (set !== undefined) return set;
  if (metric === 'likes') return likeCountOf(m);
  if (metric === 'comments') return commentCountOf(m);
  if (metric === 'total_interactions') {
    if (m.productType === 'STORY') return likeCountOf(m) + metricValue(m, 'replies') + metricValue(m, 'shares');
    return likeCountOf(m) + commentCountOf(m) + metricValue(m, 'saved') + metricValue(m, 'shares');
  }
  if (metric === 'views') return metricValue(m, 'reach') + stable(`${m.id}:views`, 2000);
  return stable(`${m.id}:${metric}`, metric === 'reach' ? 5000 : 100);
}

/** Meta's answer for `metric=` on a media: the insights edge's `data`, or its code-100 refusal. */
export function mediaInsights(m: SandboxMedia, requested: string[]): { data: Array<Record<string, unknown>> } {
  if (m.parentId) throw err.param('Insights data is not available for media within an album.');
  if (requested.length === 0) throw err.param('The parameter metric is required');
  const served = mediaMetricsOf(m);
  for (const metric of requested) {
    if (RETIRED_METRICS.includes(metric)) {
      throw err.param(`(#100) Starting from version v22.0 and above, the ${metric} metric is no longer supported. Please use views or reach instead.`);
    }
    if (!served.includes(metric)) {
      throw err.param(`(#100) The Media Insights API does not support the ${metric} metric for this media product type.`);
    }
  }
  return {
    data: requested.map((name) => ({
      name,
      period: 'lifetime',
      values: [{ value: metricValue(m, name) }],
      title: name,
      description: `Sandbox ${name}`,
      id: `${m.id}/insights/${name}/lifetime`,
    })),
  };
}

/** `insights.metric(a,b)` inside `fields=` → ['a','b']; null when the fields do not expand insights. */
export function expandedMetrics(fields: string | undefined): string[] | null {
  const match = /(?:^|,)\s*insights\.metric\(([^)]*)\)/.exec(fields ?? '');
  if (!match) return /(?:^|,)\s*insights\s*(?:,|$)/.test(fields ?? '') ? [] : null;
  return match[1]!.split(',').map((s) => s.trim()).filter(Boolean);
}

const metricsParam = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function accountInsights({ ctx, core, node: account }: NodeCall<SandboxInstagramAccount>) {
  const requested = metricsParam(ctx.params.metric);
  if (requested.length === 0) throw err.param('The parameter metric is required');
  for (const metric of requested) {
    if (RETIRED_METRICS.includes(metric) || !ACCOUNT_METRICS.includes(metric)) {
      throw err.param(`(#100) metric[${requested.indexOf(metric)}] must be one of the following values: ${ACCOUNT_METRICS.join(', ')}`);
    }
  }
  const day = new Date(core.clock.now());
  const endTime = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString().replace(/\.\d{3}Z$/, '+0000');
  const seed = `${account.userId}:${endTime}`;
  return ok({
    data: requested.map((name) => ({
      name,
      period: ctx.params.period ?? 'day',
      values: [{ value: account.insights?.[name] ?? stable(`${seed}:${name}`, name === 'follower_count' ? 50 : 10_000), end_time: endTime }],
      title: name,
      description: `Sandbox account ${name}`,
      id: `${account.userId}/insights/${name}/day`,
    })),
  });
}

export const insightRoutes: RouteModule = (r) => {
  r.edge(MEDIA, 'insights', {
    GET: (call) => {
      requireScope(call, 'insights', 'read media insights');
      return ok(mediaInsights(call.node, metricsParam(call.ctx.params.metric)));
    },
  });
  r.edge(IG_USER, 'insights', {
    GET: (call) => {
      requireScope(call, 'insights', 'read account insights');
      return accountInsights(call);
    },
  });
};
