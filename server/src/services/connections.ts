import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ConnectionHealth, ConnectionView } from '../contracts';
import { hasInsightsPermission } from '../instagram/scopes';
import { ADMIN_OWNER, type Connection, type ConnectionOwner } from '../store/types';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { actionForStatus, reasonWithoutAdvice, type ConnectionAction } from './connection-health';

const DAY = 86_400_000;
/** A token this close to expiry needs attention if the cron has not refreshed it. */
const EXPIRING_WITHIN_DAYS = 7;
/** Facebook's 90-day data access window: warn two weeks ahead. */
const DATA_ACCESS_WARNING_DAYS = 14;


export interface HealthReport {
  health: ConnectionHealth;
  reason: string | null;
  /** What the user must do; the card says it in words. Null when nothing. */
  action: ConnectionAction | null;
}

/**
 * Health is derived, never stored, so it cannot drift from the facts it comes from. The reason says
 * what happened and the action what to do (the card shows both, so the reason carries no advice).
 */
export const healthOf = (connection: Connection, now = new Date()): HealthReport => {
  const stored = connection.lastError ? reasonWithoutAdvice(connection.lastError) : null;
  if (connection.status === 'deauthorized' || !connection.isActive || !connection.accessToken) {
    return { health: 'reconnect_needed', reason: stored ?? 'Access was removed on Meta’s side.', action: 'reconnect' };
  }
  if (connection.status === 'reconnect_needed') {
    return { health: 'reconnect_needed', reason: stored ?? 'The access token is no longer valid.', action: actionForStatus(connection) };
  }
  if (connection.status === 'action_required') {
    return { health: 'action_required', reason: stored ?? 'Instagram has restricted or checkpointed this account.', action: 'open_instagram_app' };
  }
  if (connection.tokenExpiresAt && connection.tokenExpiresAt.getTime() <= now.getTime()) {
    return { health: 'reconnect_needed', reason: 'The access token has expired.', action: 'reconnect' };
  }
  if (connection.tokenExpiresAt && connection.tokenExpiresAt.getTime() - now.getTime() < EXPIRING_WITHIN_DAYS * DAY) {
    const days = Math.max(0, Math.floor((connection.tokenExpiresAt.getTime() - now.getTime()) / DAY));
    return { health: 'expiring', reason: `The access token expires in ${days} day${days === 1 ? '' : 's'} and has not been refreshed.`, action: null };
  }
  if (connection.dataAccessExpiresAt && connection.dataAccessExpiresAt.getTime() - now.getTime() < DATA_ACCESS_WARNING_DAYS * DAY) {
    return {
      health: 'data_access_expiring',
      reason: `Facebook data access lapses on ${connection.dataAccessExpiresAt.toISOString().slice(0, 10)}: reconnect to renew it.`,
      action: 'reconnect',
    };
  }
  return { health: 'healthy', reason: null, action: null };
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** What the admin sees of a connection: everything but its tokens. */
export const toConnectionView = (connection: Connection, now = new Date()): ConnectionView => {
  const { health, reason, action } = healthOf(connection, now);
  return {
    id: connection.id,
    loginKind: connection.loginKind,
    instagramUserId: connection.instagramUserId,
    pageId: connection.pageId,
    pageName: connection.pageName,
    profile: connection.profile,
    scopes: connection.scopes,
    tokenExpiresAt: iso(connection.tokenExpiresAt),
    dataAccessExpiresAt: iso(connection.dataAccessExpiresAt),
    health,
    healthReason: reason,
    healthAction: action,
    lastError: connection.lastError,
    connectedBy: connection.userId ? { id: connection.userId, name: connection.connectedByName } : null,
    connectedAt: iso(connection.connectedAt),
    lastSyncedAt: iso(connection.lastSyncedAt),
    lastRefreshedAt: iso(connection.lastRefreshedAt),
    status: connection.status,
    isActive: connection.isActive,
    insightsAccess: hasInsightsPermission(connection.loginKind, connection.scopes) ? 'ok' : 'reconnect',
  };
};

export type { ConnectionView };

export const createConnectionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const logger = createLogger(strapi);

  /** Someone else's connection answers as an unknown one: its existence is not revealed. */
  const findOrThrow = async (id: string, owner: ConnectionOwner) => {
    const connection = await store().connections.findOwned(id, owner);
    if (!connection) throw new errors.NotFoundError('Instagram connection not found');
    return connection;
  };

  return {
    /** Every connection, oldest first, as the admin sees them. */
    async list(): Promise<ConnectionView[]> {
      return (await store().connections.list()).map((connection) => toConnectionView(connection));
    },

    /**
     * Disconnects: revokes the app on Meta's side where the API allows it (Facebook Login,
     * and only when no other connection still relies on that Facebook user's grant), then
     * deletes the row so the token is destroyed, not merely flagged.
     */
    async disconnect(id: string, owner: ConnectionOwner = ADMIN_OWNER) {
      const connection = await findOrThrow(id, owner);
      let revoked = false;
      if (connection.loginKind === 'facebook' && connection.userAccessToken) {
        const siblings = connection.appScopedUserId
          ? (await store().connections.findByMetaUserId(connection.appScopedUserId)).filter(
              (other) => other.id !== connection.id && other.isActive
            )
          : [];
        if (siblings.length === 0) {
          try {
            await graph().revokeFacebookPermissions(connection.userAccessToken);
            revoked = true;
          } catch (error) {
            // The local disconnect must still happen: a dead token cannot be revoked anyway.
            logger.warn(`could not revoke Facebook permissions for @${connection.profile.username}`, error);
          }
        }
      }
      await store().connections.delete(connection.id);
      logger.info(`disconnected @${connection.profile.username} (${connection.loginKind} login)`);
      return { id: connection.id, deleted: true as const, revoked };
    },

    /**
     * Refreshes now: the Instagram token when Meta allows it (at least 24 h old), the
     * Facebook token's validity through debug_token, and the profile in both cases.
     */
    async refreshNow(id: string, owner: ConnectionOwner = ADMIN_OWNER): Promise<ConnectionView> {
      const connection = await findOrThrow(id, owner);
      const refreshed = await getService(strapi, 'tokenRefresh').refreshConnection(connection, {
        now: new Date(),
        forceProfile: true,
        refreshYoungTokens: false,
      });
      return toConnectionView(refreshed.connection);
    },
  };
};

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
