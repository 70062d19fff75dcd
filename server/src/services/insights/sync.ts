/**
 * The insights sync: every run (Strapi cron, `insights.cron`) gives newly published posts their
 * first read time, then reads the posts whose read is due, `insights.concurrency` at a time, each
 * with ONE Graph call (instagram/insights.ts) through the shared transport, whose rate governor
 * spaces or holds calls while Meta's usage is high. A database lease per post means several Strapi
 * instances never read the same post twice. Once a day per account it also keeps an account
 * snapshot (followers from the daily profile sync, the day's reach from one Graph call).
 */
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../../config/resolve';
import { RECONNECT_FOR_INSIGHTS_MESSAGE, type LatestInsights } from '../../contracts';
import { hasInsightsPermission, isInstagramApiError, type PostNumbers } from '../../instagram';
import { accountOf } from '../../publishing/accounts';
import type { InsightsTarget } from '../../store/insights';
import type { Connection } from '../../store/types';
import { forEachConcurrently } from '../../utils/concurrency';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';
import { firstInsightsAt, nextInsightsAt } from './schedule';

export const INSIGHTS_JOB_NAME = 'instagram-publisher.sync-insights';

/** A lease outlives any single read (retries and governor waits included); a crashed instance's expires. */
const LEASE_MS = 10 * 60_000;
/** After a failed read (network, Meta down, throttled) the post is tried again this much later. */
const RETRY_MS = 30 * 60_000;

export type InsightsOutcome = 'read' | 'reconnect' | 'failed' | 'skipped';

export interface InsightsSummary {
  scheduled: number;
  outcomes: Record<InsightsOutcome, number>;
  accounts: number;
  durationMs: number;
}

async function* batches<T>(next: () => Promise<T[]>): AsyncIterable<T> {
  for (;;) {
    const batch = await next();
    if (batch.length === 0) return;
    yield* batch;
  }
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export const createInsightsSyncService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const logger = createLogger(strapi);
  const config = () => getPluginConfig(strapi).insights;

  /** Gives every published post not yet scheduled its first read time; returns how many. */
  const scheduleNew = async (): Promise<number> => {
    const { schedule, batchSize } = config();
    let count = 0;
    for (;;) {
      const fresh = await store().insights.unscheduled(batchSize);
      for (const post of fresh) {
        await store().insights.schedule(post.id, post.publishedAt ? firstInsightsAt(post.publishedAt, schedule, post.kind) : null);
      }
      count += fresh.length;
      if (fresh.length < batchSize) return count;
    }
  };

  const latestFrom = (numbers: PostNumbers & { missingPermission?: true }): LatestInsights =>
    numbers.missingPermission
      ? { likes: numbers.likes, comments: numbers.comments, metrics: {}, status: 'reconnect', message: RECONNECT_FOR_INSIGHTS_MESSAGE }
      : { likes: numbers.likes, comments: numbers.comments, metrics: numbers.metrics, status: 'ok', message: null };

  /** Reads one leased post and stores what it read; never throws. */
  const readPost = async (post: InsightsTarget, connections: Map<string, Connection | null>, now: () => Date): Promise<InsightsOutcome> => {
    const { schedule } = config();
    const repository = store().insights;
    try {
      if (!post.connectionId || !post.mediaId || !post.publishedAt) {
        await repository.release(post.id, null);
        return 'skipped';
      }
      if (!connections.has(post.connectionId)) connections.set(post.connectionId, await store().connections.findById(post.connectionId));
      const connection = connections.get(post.connectionId);
      if (!connection || !connection.accessToken || connection.status !== 'active') {
        // Disconnected or needing a reconnect: keep the post on schedule, the next step may find it usable.
        const next = nextInsightsAt(post.publishedAt, now(), schedule, post.kind);
        await repository.release(post.id, next);
        return 'skipped';
      }
      const numbers = await graph().getPostNumbers(accountOf(connection), post.mediaId, post.kind ?? 'image', connection.scopes);
      const takenAt = now();
      const latest = latestFrom(numbers);
      await repository.addPostSnapshot({ publicationId: post.id, mediaId: post.mediaId, takenAt, likes: latest.likes, comments: latest.comments, metrics: latest.metrics });
      await repository.saveLatest(post.id, latest, takenAt, nextInsightsAt(post.publishedAt, takenAt, schedule, post.kind));
      return latest.status === 'reconnect' ? 'reconnect' : 'read';
    } catch (error) {
      const reason = isInstagramApiError(error) ? `${error.class}: ${error.userMessage}` : error instanceof Error ? error.message : String(error);
      logger.warn(`insights: reading publication ${post.id} failed (${reason}); trying again later`);
      const retryAt = new Date(now().getTime() + RETRY_MS);
      // A retry after the schedule's end is pointless for a story (gone at 24 h): its next step decides.
      const next = post.publishedAt ? nextInsightsAt(post.publishedAt, now(), schedule, post.kind) : null;
      await repository.release(post.id, next ? retryAt : null).catch(() => undefined);
      return 'failed';
    }
  };

  /** Today's snapshot of each active connection that has none yet: one Graph call each. */
  const snapshotAccounts = async (now: Date): Promise<number> => {
    const day = utcDay(now);
    const yesterday = utcDay(new Date(now.getTime() - 86_400_000));
    let count = 0;
    for (const loginKind of ['instagram', 'facebook'] as const) {
      let afterId: string | null = null;
      for (;;) {
        const page: Connection[] = await store().connections.listActiveByKind({ loginKind, afterId, limit: 200 });
        if (page.length === 0) break;
        afterId = page[page.length - 1]!.id;
        await forEachConcurrently(batches(async () => page.splice(0, page.length)), config().concurrency, async (connection) => {
          if (connection.status !== 'active' || !connection.accessToken) return;
          const existing = await store().insights.listAccountSnapshots(connection.id, yesterday);
          if (existing.some((snapshot) => snapshot.day === day)) return;
          const canRead = hasInsightsPermission(connection.loginKind, connection.scopes);
          let reach: number | null = null;
          try {
            if (canRead) reach = await graph().getAccountDailyReach(accountOf(connection));
          } catch (error) {
            logger.warn(`insights: account reach of connection ${connection.id} could not be read (${error instanceof Error ? error.message : 'unknown error'})`);
            return;
          }
          await store().insights.putAccountSnapshot({ connectionId: connection.id, day, followersCount: connection.profile.followersCount ?? null, reach, takenAt: now });
          count += 1;
        });
      }
    }
    return count;
  };

  const service = {
    /** One run: schedule new posts, read the due ones, take the day's account snapshots. */
    async run({ now = () => new Date(), accounts = true }: { now?: () => Date; accounts?: boolean } = {}): Promise<InsightsSummary> {
      const started = Date.now();
      const { concurrency, batchSize } = config();
      const scheduled = await scheduleNew();
      const outcomes: Record<InsightsOutcome, number> = { read: 0, reconnect: 0, failed: 0, skipped: 0 };
      const connections = new Map<string, Connection | null>();
      const due = batches(() => {
        const at = now();
        // Small claims (twice the lanes): a claim then overlaps the other lanes' reads instead of
        // holding every lane while hundreds of rows are leased one by one.
        return store().insights.claimDue({ now: at, leaseUntil: new Date(at.getTime() + LEASE_MS), limit: Math.min(batchSize, concurrency * 2) });
      });
      await forEachConcurrently(due, concurrency, async (post) => {
        outcomes[await readPost(post, connections, now)] += 1;
      });
      const accountCount = accounts ? await snapshotAccounts(now()) : 0;
      const summary = { scheduled, outcomes, accounts: accountCount, durationMs: Date.now() - started };
      if (scheduled + outcomes.read + outcomes.reconnect + outcomes.failed + accountCount > 0) {
        logger.info(
          `insights: ${outcomes.read} posts read, ${outcomes.reconnect} without the insights permission, ${outcomes.failed} failed, ${scheduled} newly scheduled, ${accountCount} account snapshots (${summary.durationMs} ms)`
        );
      }
      return summary;
    },

    /** Registers the job with Strapi's cron (`insights.cron`), unless `insights.enabled` is false. */
    schedule() {
      const insights = config();
      if (!insights.enabled) return;
      strapi.cron.add({
        [INSIGHTS_JOB_NAME]: {
          task: async () => {
            try {
              await service.run();
            } catch (error) {
              logger.error('insights sync failed', error);
            }
          },
          options: { rule: insights.cron },
        },
      });
    },

    unschedule() {
      if (strapi.cron.jobs.some((job) => job.name === INSIGHTS_JOB_NAME)) strapi.cron.remove(INSIGHTS_JOB_NAME);
    },
  };
  return service;
};

export type InsightsSyncService = ReturnType<typeof createInsightsSyncService>;
