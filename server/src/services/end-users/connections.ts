import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../../config/resolve';
import type { DisconnectResult, MyConnectionView } from '../../contracts';
import { userOwner, type Connection } from '../../store/types';
import { tooManyRequests } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { healthOf } from '../connections';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** What an end user sees of their own connection: never a token, nor who else holds the account. */
export const toMyConnectionView = (connection: Connection, now = new Date()): MyConnectionView => {
  const { health, reason, action } = healthOf(connection, now);
  return {
    id: connection.id,
    loginKind: connection.loginKind,
    instagramUserId: connection.instagramUserId,
    pageName: connection.pageName,
    profile: connection.profile,
    connectedAt: iso(connection.connectedAt),
    lastRefreshedAt: iso(connection.lastRefreshedAt),
    tokenExpiresAt: iso(connection.tokenExpiresAt),
    health,
    healthReason: reason,
    healthAction: action,
  };
};

/** A connection the user must reconnect: reconnecting it does not take a new place under the limit. */
const needsReconnect = (connection: Connection) => {
  const { health, action } = healthOf(connection);
  return health === 'reconnect_needed' || action === 'reconnect';
};

/** The 429 of the connections limit: waiting does not help, disconnecting an account does. */
export const connectionsLimitError = (max: number) =>
  tooManyRequests(
    `You can connect up to ${max} Instagram account${max === 1 ? '' : 's'}. Disconnect one before connecting another.`,
    { limit: 'connections', max, retryAfterSeconds: null }
  );

export interface ConnectionsRoom {
  max: number;
  /** The Instagram accounts (professional account ids) the user already holds. */
  held: Set<string>;
}

/** The accounts of `instagramUserIds` the user does not hold yet: only these take a place under the limit. */
export const newAccountsOf = (room: ConnectionsRoom, instagramUserIds: string[]) =>
  [...new Set(instagramUserIds)].filter((id) => !room.held.has(id));

/** Whether at least one of these accounts could be connected without going over the limit. */
export const anyFits = (room: ConnectionsRoom, instagramUserIds: string[]) =>
  instagramUserIds.some((id) => room.held.has(id)) || room.held.size < room.max;

/** An end user's own connections (GET and DELETE /me/connections) and the limit on how many they hold. */
export const createEndUserConnectionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const maxConnections = () => getPluginConfig(strapi).endUsers.maxConnections;

  /** What the limit leaves the user: the maximum and the Instagram accounts they already hold. */
  const roomOf = async (userId: string): Promise<ConnectionsRoom> => {
    const held = new Set((await store().connections.list(userOwner(userId))).map((connection) => connection.instagramUserId));
    return { max: maxConnections(), held };
  };

  return {
    maxConnections,

    /** The user's connections, oldest first, as they see them. */
    async list(userId: string): Promise<MyConnectionView[]> {
      const now = new Date();
      return (await store().connections.list(userOwner(userId))).map((connection) => toMyConnectionView(connection, now));
    },

    /**
     * Disconnects one of the user's own connections exactly as the admin side does (Facebook Login
     * access revoked on Meta's side, the row and its tokens deleted). Anyone else's id is a 404.
     */
    async disconnect(userId: string, id: string): Promise<DisconnectResult> {
      return getService(strapi, 'connections').disconnect(id, userOwner(userId));
    },

    /**
     * Refuses (429) a new flow when the user is at the limit, unless one of their accounts needs
     * reconnecting: that flow puts the account back in its existing place.
     */
    async assertCanStartFlow(userId: string): Promise<void> {
      const max = maxConnections();
      const existing = await store().connections.list(userOwner(userId));
      if (existing.length >= max && !existing.some(needsReconnect)) throw connectionsLimitError(max);
    },

    roomOf,

    /**
     * Refuses (429) connecting these Instagram accounts when it would take the user over the limit,
     * and answers which of them are new to the user (the others are reconnected in place).
     */
    async assertRoomFor(userId: string, instagramUserIds: string[]): Promise<{ newAccounts: string[] }> {
      const room = await roomOf(userId);
      const newAccounts = newAccountsOf(room, instagramUserIds);
      if (newAccounts.length > 0 && room.held.size + newAccounts.length > room.max) throw connectionsLimitError(room.max);
      return { newAccounts };
    },
  };
};

export type EndUserConnectionsService = ReturnType<typeof createEndUserConnectionsService>;
