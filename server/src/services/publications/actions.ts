import type { PublicationView } from '../../contracts';
import { wakeWorker } from '../../publishing';
import { retryStateOf, stepStateOf } from '../../publishing/step-state';
import type { Publication } from '../../store/types';
import { CANCELLABLE_STATUSES, RETRYABLE_STATUSES } from '../../store/statuses';
import { conflict, notFound } from '../../utils/errors';
import type { Actor, PublicationsContext } from './context';
import { createDuplicateCheck } from './duplicates';

/** What an editor does to a publication that exists: retry it, cancel it. */
export const createPublicationActions = (context: PublicationsContext) => {
  const { strapi, store, access } = context;
  const duplicates = createDuplicateCheck(context);

  /** The publication, once the admin is known to be allowed to read its entry. */
  const findForActor = async (id: string, actor: Actor): Promise<Publication> => {
    const publication = await store().publications.findById(id);
    // An end user's own post is theirs to act on (their routes), not an editor's.
    if (!publication || publication.ownerUserId) throw notFound(`publication ${id} not found`);
    await access().assertCanRead(actor.ability, { uid: publication.uid, documentId: publication.documentId, locale: publication.locale });
    return publication;
  };

  const reread = async (id: string) => context.view((await store().publications.findById(id))!);

  return {
    /**
     * Queues a failed or cancelled publication again; containers it made are checked before posting
     * again. Refused (409, naming the post) when the entry's current version already went to the account.
     */
    async retry(id: string, actor: Actor & { confirmDuplicate?: boolean } = {}): Promise<PublicationView> {
      const publication = await findForActor(id, actor);
      if (!RETRYABLE_STATUSES.includes(publication.status)) {
        throw conflict(`Only failed or cancelled publications can be retried; this one is ${publication.status}.`);
      }
      const connection = publication.connectionId ? await store().connections.findById(publication.connectionId) : null;
      if (connection && !actor.confirmDuplicate) {
        const target = { connection, uid: publication.uid, documentId: publication.documentId, locale: publication.locale };
        await duplicates.refuse(target, publication.caption, publication.id);
      }
      const ok = await store().publications.updateIfStatus(id, RETRYABLE_STATUSES, {
        status: 'queued',
        attempts: 0,
        error: null,
        runAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
        // A retry asked by an editor posts even when the content did not change.
        trigger: publication.trigger === 'publish' ? 'manual' : publication.trigger,
        state: retryStateOf(stepStateOf(publication), actor.confirmDuplicate),
      });
      if (!ok) throw conflict('The publication changed meanwhile; reload and try again.');
      await wakeWorker(strapi);
      return reread(id);
    },

    /** Stops a publication that has not started publishing; clearing the lease stops a worker mid-way. */
    async cancel(id: string, actor: Actor = {}): Promise<PublicationView> {
      const publication = await findForActor(id, actor);
      if (!CANCELLABLE_STATUSES.includes(publication.status)) {
        throw conflict(
          publication.status === 'publishing'
            ? 'The post is being published on Instagram right now and can no longer be cancelled.'
            : `A ${publication.status} publication cannot be cancelled.`,
        );
      }
      const ok = await store().publications.updateIfStatus(id, CANCELLABLE_STATUSES, {
        status: 'cancelled',
        leaseOwner: null,
        leaseUntil: null,
        // Nothing was sent to media_publish yet, so the content is free to be posted later.
        dedupeKey: null,
        error: { code: null, subcode: null, class: 'cancelled', message: 'Cancelled by an editor.' },
      });
      if (!ok) throw conflict('The publication moved on meanwhile and can no longer be cancelled.');
      return reread(id);
    },
  };
};
