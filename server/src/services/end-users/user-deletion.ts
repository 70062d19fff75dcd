import type { Core } from '@strapi/strapi';
import { CANCELLABLE_STATUSES } from '../../store/statuses';
import { userOwner } from '../../store/types';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';

const PAGE_SIZE = 100;
/** A publication the worker moves between two cancellable steps meanwhile is tried again this often. */
const CANCEL_ATTEMPTS = 3;
const CANCELLED_MESSAGE = 'Cancelled: the user who made this post was deleted.';

/**
 * What deleting a Users & Permissions user does to what they left with the plugin: their
 * connections go (Facebook Login access revoked on Meta's side where possible, tokens destroyed
 * with the rows) and their posts that have not started publishing are cancelled.
 */
export const createEndUserDeletionService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const logger = createLogger(strapi);

  /** Deletes each connection as a disconnect does; a revoke that fails on Meta's side is only logged (by disconnect). */
  const removeConnections = async (userId: string) => {
    let removed = 0;
    for (const connection of await store().connections.list(userOwner(userId))) {
      try {
        await getService(strapi, 'connections').disconnect(connection.id, userOwner(userId));
        removed += 1;
      } catch (error) {
        logger.error(`could not remove connection ${connection.id} of deleted user ${userId}`, error);
      }
    }
    return removed;
  };

  const cancelOne = async (id: string) => {
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt += 1) {
      const cancelled = await store().publications.updateIfStatus(id, CANCELLABLE_STATUSES, {
        status: 'cancelled',
        leaseOwner: null,
        leaseUntil: null,
        // Nothing went to media_publish, so the content is free again.
        dedupeKey: null,
        error: { code: null, subcode: null, class: 'cancelled', message: CANCELLED_MESSAGE },
      });
      if (cancelled) return true;
      const current = await store().publications.findById(id);
      // Publishing already (it will finish) or finished: nothing left to cancel.
      if (!current || !CANCELLABLE_STATUSES.includes(current.status)) return false;
    }
    return false;
  };

  /** Cancels the user's posts that have not started publishing; ids are gathered first, since cancelling moves them out of the query. */
  const cancelPublications = async (userId: string) => {
    const ids: string[] = [];
    for (let page = 1; ; page += 1) {
      const { results } = await store().publications.list({ ownerUserId: userId, status: [...CANCELLABLE_STATUSES], page, pageSize: PAGE_SIZE });
      ids.push(...results.map((publication) => publication.id));
      if (results.length < PAGE_SIZE) break;
    }
    let cancelled = 0;
    for (const id of ids) if (await cancelOne(id)) cancelled += 1;
    return cancelled;
  };

  return {
    /**
     * Clears up after deleted users. Never throws: the user is already gone, and what could not be
     * cleared is logged for the admin rather than failing the deletion that succeeded.
     */
    async onUsersDeleted(userIds: Array<string | number>) {
      for (const userId of new Set(userIds.map(String))) {
        try {
          const connections = await removeConnections(userId);
          const publications = await cancelPublications(userId);
          if (connections || publications) {
            logger.info(`user ${userId} was deleted: removed ${connections} connection(s), cancelled ${publications} pending post(s)`);
          }
        } catch (error) {
          logger.error(`could not clear up after deleted user ${userId}`, error);
        }
      }
    },
  };
};

export type EndUserDeletionService = ReturnType<typeof createEndUserDeletionService>;
