import type { PublicationView } from '../../contracts';
import { wakeWorker } from '../../publishing';
import { retryStateOf, stepStateOf } from '../../publishing/step-state';
import { ADMIN_OWNER, type Publication } from '../../store/types';
import { CANCELLABLE_STATUSES, RETRYABLE_STATUSES } from '../../store/statuses';
import { conflict, notFound } from '../../utils/errors';
import type { Actor, PublicationsContext } from './context';
import { createDuplicateCheck } from './duplicates';

/**
 * Whose publications an action reaches and how a repeat is recognised: the admin side's posts of
 * entries (an editor's retry and cancel), or one end user's posts of their files (their routes).
 * The status rules are the same for both; only the scope differs.
 */
export interface ActionScope {
  /** The publication when the asker may act on it; 404 otherwise (unknown and not theirs alike). */
  find(id: string): Promise<Publication>;
  /** Throws 409 when queueing it again would post what the account already got. */
  refuseRepeat(publication: Publication, confirmDuplicate: boolean): Promise<void>;
  /** The cancelled publication's error message. */
  cancelledMessage: string;
}

type Store = PublicationsContext['store'];

/**
 * Queues a failed or cancelled publication again; containers it made are checked before posting
 * again. Refused (409) when it is in another status, or when its content already went to the account.
 */
export const retryPublication = async (strapi: PublicationsContext['strapi'], store: Store, scope: ActionScope, id: string, confirmDuplicate = false) => {
  const publication = await scope.find(id);
  if (!RETRYABLE_STATUSES.includes(publication.status)) {
    throw conflict(`Only failed or cancelled publications can be retried; this one is ${publication.status}.`);
  }
  await scope.refuseRepeat(publication, confirmDuplicate);
  const ok = await store().publications.updateIfStatus(id, RETRYABLE_STATUSES, {
    status: 'queued',
    attempts: 0,
    error: null,
    runAt: new Date(),
    leaseOwner: null,
    leaseUntil: null,
    // A retry asked for posts even when the content did not change.
    trigger: publication.trigger === 'publish' ? 'manual' : publication.trigger,
    state: retryStateOf(stepStateOf(publication), confirmDuplicate),
  });
  if (!ok) throw conflict('The publication changed meanwhile; reload and try again.');
  await wakeWorker(strapi);
};

/** Stops a publication that has not started publishing; clearing the lease stops a worker mid-way. */
export const cancelPublication = async (store: Store, scope: ActionScope, id: string) => {
  const publication = await scope.find(id);
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
    error: { code: null, subcode: null, class: 'cancelled', message: scope.cancelledMessage },
  });
  if (!ok) throw conflict('The publication moved on meanwhile and can no longer be cancelled.');
};

/** What an editor does to a publication that exists: retry it, cancel it. */
export const createPublicationActions = (context: PublicationsContext) => {
  const { strapi, store, access } = context;
  const duplicates = createDuplicateCheck(context);

  /** The admin side's publications, once the admin is known to be allowed to read the entry. */
  const adminScope = (actor: Actor): ActionScope => ({
    async find(id) {
      const publication = await store().publications.findById(id);
      // An end user's own post is theirs to act on (their routes), not an editor's.
      if (!publication || publication.ownerUserId) throw notFound(`publication ${id} not found`);
      await access().assertCanRead(actor.ability, { uid: publication.uid, documentId: publication.documentId, locale: publication.locale });
      return publication;
    },
    async refuseRepeat(publication, confirmDuplicate) {
      if (confirmDuplicate || !publication.connectionId) return;
      const connection = await store().connections.findOwned(publication.connectionId, ADMIN_OWNER);
      if (!connection) return;
      await duplicates.refuse({ connection, uid: publication.uid, documentId: publication.documentId, locale: publication.locale }, publication.caption, publication.id);
    },
    cancelledMessage: 'Cancelled by an editor.',
  });

  const reread = async (id: string) => context.view((await store().publications.findById(id))!);

  return {
    /** An editor's retry; `confirmDuplicate` posts again what the account already got. */
    async retry(id: string, actor: Actor & { confirmDuplicate?: boolean } = {}): Promise<PublicationView> {
      await retryPublication(strapi, store, adminScope(actor), id, actor.confirmDuplicate);
      return reread(id);
    },

    /** An editor's cancel. */
    async cancel(id: string, actor: Actor = {}): Promise<PublicationView> {
      await cancelPublication(store, adminScope(actor), id);
      return reread(id);
    },
  };
};
