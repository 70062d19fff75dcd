import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { emitPluginEvent, EVENTS, needsReconnectPayload } from '../events';
import { isInstagramApiError } from '../instagram';
import type { Connection, ConnectionPatch, LoginKind, RefreshCursor } from '../store/types';
import { forEachConcurrently } from '../utils/concurrency';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { patchFor, verdictFor } from './connection-health';

export const REFRESH_JOB_NAME = 'instagram-publisher.refresh-tokens';

const DAY = 86_400_000;
/** Meta refuses to refresh an Instagram token younger than 24 hours. */
const MIN_TOKEN_AGE_MS = DAY;
/** Profile counts are refreshed at most once a day, so a sweep costs one call per token. */
const PROFILE_SYNC_INTERVAL_MS = DAY;
/** A claim outlives any single refresh, so a crashed instance's claims free themselves. */
const CLAIM_MS = 15 * 60_000;
const PAGE_SIZE = 250;

export type RefreshOutcome = 'refreshed' | 'checked' | 'skipped' | 'reconnect_needed' | 'action_required' | 'failed';

export interface RefreshSummary {
  outcomes: Record<RefreshOutcome, number>;
  claimedElsewhere: number;
  durationMs: number;
}

export const createTokenRefreshService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const logger = createLogger(strapi);

  /** Profile fields plus lastSyncedAt, read with the connection's own token. */
  const fetchProfile = async (connection: Connection, token: string, now: Date): Promise<ConnectionPatch> => {
    const profile =
      connection.loginKind === 'instagram'
        ? await graph().getInstagramProfile(token)
        : await graph().getFacebookInstagramProfile(connection.instagramUserId, token);
    const { userId: _userId, ...fields } = profile;
    return { profile: fields, lastSyncedAt: now };
  };

  /**
   * Refreshes one connection, whose claim the caller holds. Never throws for Meta's
   * answers: a dead token marks the connection `reconnect_needed` (no retry), a restricted
   * account `action_required` (checked again on every run), a transient failure leaves it due
   * for the next run. A call Meta accepts makes an `action_required` connection active again.
   */
  const refreshConnection = async (
    connection: Connection,
    { now, forceProfile = false, refreshYoungTokens = false }: { now: Date; forceProfile?: boolean; refreshYoungTokens?: boolean }
  ): Promise<{ connection: Connection; outcome: RefreshOutcome }> => {
    const save = async (patch: ConnectionPatch, outcome: RefreshOutcome) => {
      const full: ConnectionPatch = { ...patch, refreshLockedUntil: null };
      await store().connections.patch(connection.id, full);
      const updated = { ...connection, ...full };
      // Announced on the change only: a restricted account checked again on every run stays quiet.
      if ((full.status === 'reconnect_needed' || full.status === 'action_required') && connection.status !== full.status) {
        emitPluginEvent(strapi, EVENTS.connectionNeedsReconnect, needsReconnectPayload(updated));
      }
      return { connection: updated, outcome };
    };
    const restricted = connection.status === 'action_required';
    if (!connection.accessToken || !connection.isActive || (connection.status !== 'active' && !restricted)) {
      return save({}, 'skipped');
    }
    // A restricted account is cleared only by a call Meta accepts: read the profile when nothing else calls Meta.
    const profileDue =
      forceProfile || restricted || !connection.lastSyncedAt || now.getTime() - connection.lastSyncedAt.getTime() >= PROFILE_SYNC_INTERVAL_MS;
    const cleared: ConnectionPatch = restricted ? { status: 'active', lastError: null } : {};

    try {
      if (connection.loginKind === 'instagram') {
        if (connection.tokenExpiresAt && connection.tokenExpiresAt.getTime() <= now.getTime()) {
          // An expired Instagram token can never be refreshed: only a new login helps.
          return save(
            { status: 'reconnect_needed', lastError: 'The access token expired before it could be refreshed. Connect the account again.' },
            'reconnect_needed'
          );
        }
        const issuedAt = connection.tokenIssuedAt?.getTime() ?? 0;
        const oldEnough = now.getTime() - issuedAt >= MIN_TOKEN_AGE_MS;
        let patch: ConnectionPatch = {};
        let token = connection.accessToken;
        let outcome: RefreshOutcome = 'checked';
        if (oldEnough || refreshYoungTokens) {
          const refreshed = await graph().refreshInstagramToken(connection.accessToken);
          token = refreshed.accessToken;
          patch = {
            accessToken: refreshed.accessToken,
            tokenIssuedAt: now,
            tokenExpiresAt: new Date(now.getTime() + refreshed.expiresIn * 1000),
            lastRefreshedAt: now,
            lastError: null,
          };
          outcome = 'refreshed';
        }
        if (profileDue) patch = { ...patch, ...(await fetchProfile(connection, token, now)) };
        return save({ ...patch, ...cleared }, outcome);
      }

      // Facebook Login: Page tokens do not expire, but they die on password change or role
      // loss and their data access lapses after 90 days; debug_token tells both.
      const debug = await graph().debugToken(connection.accessToken);
      if (!debug.isValid) {
        return save(
          { status: 'reconnect_needed', lastError: 'Facebook reports that the Page token is no longer valid. Connect the account again.' },
          'reconnect_needed'
        );
      }
      let patch: ConnectionPatch = {
        tokenExpiresAt: debug.expiresAt,
        dataAccessExpiresAt: debug.dataAccessExpiresAt,
        lastRefreshedAt: now,
        lastError: null,
      };
      if (profileDue) patch = { ...patch, ...(await fetchProfile(connection, connection.accessToken, now)) };
      return save({ ...patch, ...cleared }, 'checked');
    } catch (error) {
      const verdict = verdictFor(error, connection);
      if (verdict) {
        logger.warn(`@${connection.profile.username} needs attention (${verdict.action})`, error);
        return save(patchFor(verdict), verdict.status);
      }
      logger.warn(`refresh of @${connection.profile.username} failed; it stays due for the next run`, error);
      const message = isInstagramApiError(error) ? error.userMessage : 'Instagram could not be reached.';
      return save({ lastError: `Last refresh failed: ${message}` }, 'failed');
    }
  };

  /** Due connections of one login kind, page by page, in the order they expire. */
  async function* dueConnections(loginKind: LoginKind, now: Date, refreshWithinDays: number): AsyncGenerator<Connection> {
    if (loginKind === 'instagram') {
      const expiresBefore = new Date(now.getTime() + refreshWithinDays * DAY);
      let after: RefreshCursor | null = null;
      for (;;) {
        const page = await store().connections.listDueForRefresh({ loginKind, expiresBefore, after, limit: PAGE_SIZE });
        yield* page;
        if (page.length < PAGE_SIZE) return;
        const last = page[page.length - 1];
        after = { tokenExpiresAt: last.tokenExpiresAt!, id: last.id };
      }
    }
    let afterId: string | null = null;
    for (;;) {
      const page = await store().connections.listActiveByKind({ loginKind, afterId, limit: PAGE_SIZE });
      yield* page;
      if (page.length < PAGE_SIZE) return;
      afterId = page[page.length - 1].id;
    }
  }

  /**
   * Claims each page as one batch (a single conditional UPDATE) before handing its rows
   * out, so several instances running the job at once refresh each token once.
   */
  async function* claimed(source: AsyncGenerator<Connection>, owner: string, now: Date, counter: { elsewhere: number }) {
    let batch: Connection[] = [];
    const flush = async function* () {
      const won = new Set(
        await store().connections.claimForRefresh(batch.map((c) => c.id), owner, now, new Date(now.getTime() + CLAIM_MS))
      );
      counter.elsewhere += batch.length - won.size;
      const mine = batch.filter((connection) => won.has(connection.id));
      batch = [];
      yield* mine;
    };
    for await (const connection of source) {
      batch.push(connection);
      if (batch.length >= 50) yield* flush();
    }
    if (batch.length) yield* flush();
  }

  const service = {
    refreshConnection,

    /** One sweep over every due connection of both login kinds. */
    async run({ now = new Date() }: { now?: Date } = {}): Promise<RefreshSummary> {
      const started = Date.now();
      const { refresh } = getPluginConfig(strapi);
      const owner = `${randomUUID()}`;
      const outcomes: Record<RefreshOutcome, number> = { refreshed: 0, checked: 0, skipped: 0, reconnect_needed: 0, action_required: 0, failed: 0 };
      const counter = { elsewhere: 0 };
      for (const loginKind of ['instagram', 'facebook'] as const) {
        const source = claimed(dueConnections(loginKind, now, refresh.refreshWithinDays), owner, now, counter);
        await forEachConcurrently(source, refresh.concurrency, async (listed) => {
          // The page was read before it was claimed: another instance may have refreshed a row in
          // between and freed its claim, and refreshing from the listed copy would spend the old
          // token a second time. Work from the row as it is now, and leave one that changed.
          const connection = await store().connections.findById(listed.id);
          if (!connection || connection.accessToken !== listed.accessToken || connection.lastRefreshedAt?.getTime() !== listed.lastRefreshedAt?.getTime()) {
            if (connection) await store().connections.patch(connection.id, { refreshLockedUntil: null });
            counter.elsewhere += 1;
            return;
          }
          // A token younger than 24 h is not refreshable yet; it stays due for the next run.
          if (
            loginKind === 'instagram' &&
            connection.tokenIssuedAt &&
            now.getTime() - connection.tokenIssuedAt.getTime() < MIN_TOKEN_AGE_MS &&
            (!connection.tokenExpiresAt || connection.tokenExpiresAt.getTime() > now.getTime())
          ) {
            await store().connections.patch(connection.id, { refreshLockedUntil: null });
            outcomes.skipped += 1;
            return;
          }
          const { outcome } = await refreshConnection(connection, { now });
          outcomes[outcome] += 1;
        });
      }
      const summary = { outcomes, claimedElsewhere: counter.elsewhere, durationMs: Date.now() - started };
      logger.info(
        `token refresh: ${outcomes.refreshed} refreshed, ${outcomes.checked} checked, ${outcomes.reconnect_needed} need reconnecting, ${outcomes.action_required} must act in the Instagram app, ${outcomes.failed} failed, ${outcomes.skipped} skipped, ${counter.elsewhere} handled by another instance (${summary.durationMs} ms)`
      );
      return summary;
    },

    /** Registers the daily job with Strapi's cron (rule from `refresh.cron`) and logs when it runs next. */
    schedule() {
      const { refresh } = getPluginConfig(strapi);
      if (!refresh.enabled) {
        logger.info('token refresh is off (refresh.enabled: false): Instagram tokens lapse 60 days after they were issued');
        return;
      }
      strapi.cron.add({
        [REFRESH_JOB_NAME]: {
          task: async () => {
            try {
              await service.run();
            } catch (error) {
              logger.error('token refresh run failed', error);
            }
          },
          options: { rule: refresh.cron },
        },
      });
      const next = service.nextRunAt();
      // The config validator already refused rules Strapi cannot schedule; this catches the rest loudly.
      if (!next) throw new Error(`Strapi's cron did not schedule the token refresh job (refresh.cron: "${refresh.cron}")`);
      logger.info(`token refresh scheduled (refresh.cron "${refresh.cron}"): next run ${next.toISOString()}`);
    },

    /** When Strapi's cron runs the job next in this instance; null when it is not scheduled here. */
    nextRunAt(): Date | null {
      const entry = strapi.cron.jobs.find((job) => job.name === REFRESH_JOB_NAME) as
        | { job: { nextInvocation(): Date | null } }
        | undefined;
      return entry?.job.nextInvocation() ?? null;
    },

    unschedule() {
      if (strapi.cron.jobs.some((job) => job.name === REFRESH_JOB_NAME)) strapi.cron.remove(REFRESH_JOB_NAME);
    },
  };
  return service;
};

export type TokenRefreshService = ReturnType<typeof createTokenRefreshService>;
