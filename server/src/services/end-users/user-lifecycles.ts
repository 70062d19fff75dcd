import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';

export const USERS_PERMISSIONS_USER = 'plugin::users-permissions.user';

interface DeleteEvent {
  params?: { where?: unknown; filters?: unknown; _q?: unknown };
  result?: unknown;
  state: { userIds?: Array<string | number> };
}

const idOf = (row: unknown) => (row && typeof row === 'object' && 'id' in row ? (row as { id: string | number }).id : undefined);

/**
 * Clears up after a Users & Permissions user is deleted, however the deletion happens (the admin's
 * Content Manager, `DELETE /api/users/:id`, a service, a bulk delete). Database lifecycles see them all;
 * the work is done after the delete, so a deletion that fails leaves the user's connections alone.
 * Subscribed whether or not end users are enabled: a user may own connections from when they were.
 */
export const subscribeToUserDeletion = (strapi: Core.Strapi): (() => void) | null => {
  if (!strapi.contentTypes[USERS_PERMISSIONS_USER as keyof typeof strapi.contentTypes]) return null;
  const logger = createLogger(strapi);
  const clearUp = (ids: Array<string | number | undefined>) =>
    getService(strapi, 'endUserDeletion').onUsersDeleted(ids.filter((id): id is string | number => id !== undefined && id !== null));

  return strapi.db.lifecycles.subscribe({
    models: [USERS_PERMISSIONS_USER],
    async afterDelete(event: DeleteEvent) {
      // delete() answers the row it removed: its id is all that is needed.
      await clearUp([idOf(event.result)]);
    },
    async beforeDeleteMany(event: DeleteEvent) {
      // deleteMany() answers only a count: the ids are read before the rows are gone.
      try {
        const { where, filters, _q } = event.params ?? {};
        const rows = await strapi.db.query(USERS_PERMISSIONS_USER).findMany({ where, filters, _q, select: ['id'] } as never);
        event.state.userIds = (rows as unknown[]).map(idOf).filter((id): id is string | number => id !== undefined);
      } catch (error) {
        logger.error('could not read the users about to be deleted; their Instagram connections stay until removed', error);
      }
    },
    async afterDeleteMany(event: DeleteEvent) {
      await clearUp(event.state.userIds ?? []);
    },
  } as Parameters<typeof strapi.db.lifecycles.subscribe>[0]) as () => void;
};
