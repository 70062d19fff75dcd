import type { Core } from '@strapi/strapi';
import type { EndUserConnectionView, ListEndUserConnections, RevokeEndUserConnection } from '../contracts';
import { getPluginConfig } from '../config/resolve';
import type { Connection, Publication } from '../store/types';
import { userOwner } from '../store/types';
import { notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { healthOf } from './connections';

const USER_UID = 'plugin::users-permissions.user';

type Owner = NonNullable<EndUserConnectionView['owner']>;

export interface EndUserConnectionsQuery {
  q?: string;
  page: number;
  pageSize: number;
}

/** Users & Permissions ids are serial integers: anything else names no user (and would fail on PostgreSQL). */
const userRowIds = (ids: Iterable<string | null>) => [...new Set([...ids].filter((id): id is string => Boolean(id && /^\d{1,10}$/.test(id))))].map(Number);

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const toLastPost = (publication: Publication | undefined): EndUserConnectionView['lastPost'] =>
  publication
    ? {
        id: publication.id,
        status: publication.status,
        permalink: publication.permalink,
        at: (publication.publishedAt ?? publication.createdAt).toISOString(),
      }
    : null;

/** What support sees of an end user's connection: the owner, the account and its health, never a token. */
export const toEndUserConnectionView = (connection: Connection, owner: Owner | null, lastPost: Publication | undefined, now = new Date()): EndUserConnectionView => {
  const { health, reason } = healthOf(connection, now);
  return {
    id: connection.id,
    owner,
    loginKind: connection.loginKind,
    profile: {
      username: connection.profile.username,
      name: connection.profile.name,
      profilePictureUrl: connection.profile.profilePictureUrl,
      followersCount: connection.profile.followersCount,
    },
    health,
    healthReason: reason,
    connectedAt: iso(connection.connectedAt),
    tokenExpiresAt: iso(connection.tokenExpiresAt),
    lastPost: toLastPost(lastPost),
  };
};

/**
 * The admin's support view of the connections an app's own users made: who owns each (from Users &
 * Permissions), its health and last post, and a revoke for support. The admin side's connections
 * never appear here, and these never appear on the admin side.
 */
export const createAdminEndUserConnectionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const logger = createLogger(strapi);
  /** The app may run without Users & Permissions: its users' connections then show no owner. */
  const users = () => (strapi.contentType(USER_UID as any) ? strapi.db.query(USER_UID as any) : null);

  /** The owners of a page's connections in one query; a deleted user is absent. */
  const ownersOf = async (connections: Connection[]) => {
    const owners = new Map<string, Owner>();
    const ids = userRowIds(connections.map((connection) => connection.userId));
    const query = users();
    if (!query || ids.length === 0) return owners;
    const rows = await query.findMany({ where: { id: { $in: ids } }, select: ['id', 'email', 'username', 'blocked'] });
    for (const row of rows) {
      owners.set(String(row.id), { id: String(row.id), email: row.email ?? null, username: row.username ?? null, blocked: Boolean(row.blocked) });
    }
    return owners;
  };

  /** The users whose email or username contains `q` (any case). */
  const usersMatching = async (q: string) => {
    const query = users();
    if (!query) return [];
    const rows = await query.findMany({ where: { $or: [{ email: { $containsi: q } }, { username: { $containsi: q } }] }, select: ['id'] });
    return rows.map((row: { id: number | string }) => String(row.id));
  };

  /** Whether end users may connect, how many have, and how many connections they hold. */
  const counts = async () => {
    const [owners, connections] = await Promise.all([store().connections.countUserOwners(), store().connections.count({ kind: 'users' })]);
    return { enabled: getPluginConfig(strapi).endUsers.enabled, users: owners, connections };
  };

  return {
    counts,

    /** One page of every end user's connections, oldest first; `q` matches the owner's email or username or the Instagram username. */
    async list({ q, page, pageSize }: EndUserConnectionsQuery): Promise<ListEndUserConnections.Response> {
      const scope = { kind: 'users' } as const;
      const window = { limit: pageSize, offset: (page - 1) * pageSize };
      const [found, totals] = await Promise.all([
        q
          ? usersMatching(q).then((userIds) => store().connections.search(scope, { userIds, username: q }, window))
          : Promise.all([store().connections.list(scope, window), store().connections.count(scope)]).then(([results, total]) => ({ results, total })),
        counts(),
      ]);
      const [owners, lastPosts] = await Promise.all([
        ownersOf(found.results),
        store().publications.latestOfUserConnections(found.results.map((connection) => connection.id)),
      ]);
      const now = new Date();
      return {
        data: found.results.map((connection) =>
          toEndUserConnectionView(connection, owners.get(connection.userId ?? '') ?? null, lastPosts.get(connection.id), now)
        ),
        meta: {
          pagination: { page, pageSize, total: found.total, pageCount: Math.ceil(found.total / pageSize) },
          ...totals,
        },
      };
    },

    /**
     * Revokes an end user's connection for support, as the user's own disconnect does (Facebook
     * Login access revoked on Meta's side, the token destroyed). An admin-side id answers 404: those
     * are managed under connections.manage.
     */
    async revoke(id: string, admin: { id: string | number }): Promise<RevokeEndUserConnection.Response['data']> {
      const connection = await store().connections.findById(id);
      if (!connection || connection.ownerKind !== 'user' || !connection.userId) throw notFound('End-user connection not found');
      const result = await getService(strapi, 'connections').disconnect(connection.id, userOwner(connection.userId));
      logger.info(`admin ${admin.id} revoked end user ${connection.userId}'s connection of @${connection.profile.username}`);
      return result;
    },
  };
};

export type AdminEndUserConnectionsService = ReturnType<typeof createAdminEndUserConnectionsService>;
