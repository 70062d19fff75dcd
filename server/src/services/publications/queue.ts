import type { PublicationView } from '../../contracts';
import { getPluginConfig } from '../../config/resolve';
import { wakeWorker } from '../../publishing';
import { captionLimitsOf, captionProblems } from '../../publishing/caption';
import { getContentType } from '../../publishing/content-types';
import { loadEntry, resolveLocale } from '../../publishing/entry';
import { soleActiveConnection } from '../../publishing/accounts';
import { ADMIN_OWNER, type Connection } from '../../store/types';
import { invalidField } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { unusableReason } from '../connection-health';
import { newRow, type Actor, type PublicationsContext } from './context';
import { createDuplicateCheck } from './duplicates';

export interface CreatePublicationInput {
  uid: string;
  documentId: string;
  locale?: string | null;
  connectionId?: string | null;
  caption?: string | null;
  scheduledAt?: Date | null;
  /** Post even though this version of the entry already went to the account. */
  confirmDuplicate?: boolean;
}

/** Queueing: rows for the publish hook, and an editor's "post now" or "schedule". */
export const createQueueing = (context: PublicationsContext) => {
  const { strapi, store, access } = context;
  const duplicates = createDuplicateCheck(context);

  /** The account a post goes to: the one asked for (usable now), or the only one connected for "ask". */
  const accountFor = async (connectionId: string | null): Promise<Connection> => {
    if (connectionId) {
      const connection = await store().connections.findOwned(connectionId, ADMIN_OWNER);
      if (!connection) throw invalidField('connectionId', `No connected Instagram account has the id "${connectionId}": choose another account.`);
      const unusable = unusableReason(connection);
      if (unusable) throw invalidField('connectionId', unusable.replace(/, then retry this post\.?$/, ', then post again.'));
      return connection;
    }
    const sole = soleActiveConnection(await store().connections.list());
    if ('connection' in sole) return sole.connection;
    throw invalidField(
      'connectionId',
      sole.missing === 'none'
        ? 'No Instagram account is connected: connect one in Settings → Instagram Publisher first.'
        : 'Several Instagram accounts are connected: choose the account to post to.',
    );
  };

  return {
    /** Called by the publish hook: one queued row per published locale, then the worker is woken. */
    async enqueueFromPublish(uid: string, documentId: string, locales: Array<string | null>, connectionId: string | null) {
      const now = new Date();
      await store().publications.createMany(locales.map((locale) => newRow({ uid, documentId, locale, connectionId, trigger: 'publish', runAt: now })));
      await wakeWorker(strapi);
    },

    /**
     * Publishes an entry now or at `scheduledAt` (UTC), whatever its mapping's auto-publish says, after
     * checking that the admin may read the entry and that this version did not already go to the account.
     */
    async create(input: CreatePublicationInput, actor: Actor = {}): Promise<PublicationView> {
      const now = Date.now();
      if (input.scheduledAt && input.scheduledAt.getTime() <= now) {
        throw invalidField('scheduledAt', `The scheduled time (${input.scheduledAt.toISOString()}) has already passed: choose a later time, or post now.`);
      }
      const captionProblem = input.caption == null ? undefined : captionProblems(input.caption.trim(), captionLimitsOf(getPluginConfig(strapi).limits))[0];
      if (captionProblem) throw invalidField('caption', captionProblem);
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalidField('uid', `${input.uid} is not a content type of this application.`);
      const mapping = await getService(strapi, 'mappings').getEnabled(input.uid);
      if (!mapping) throw invalidField('uid', `Instagram publishing is not enabled for ${type.displayName}: map it in the plugin settings first.`);
      const locale = await resolveLocale(strapi, type, input.locale);
      await access().assertCanRead(actor.ability, { uid: input.uid, documentId: input.documentId, locale, status: 'published' });
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status: 'published' });
      if (!entry) {
        throw invalidField('documentId', `${type.displayName} "${input.documentId}"${locale ? ` (${locale})` : ''} has no published version yet: publish it first.`);
      }
      // "Ask" with a single account connected: that account, recorded now so the editor sees it.
      const connection = await accountFor(input.connectionId ?? mapping.connectionId);
      const caption = input.caption ?? null;
      if (!input.confirmDuplicate) await duplicates.refuse({ connection, uid: input.uid, documentId: input.documentId, locale }, caption);
      const scheduledAt = input.scheduledAt ?? null;
      const publication = await store().publications.create(
        newRow({
          uid: input.uid,
          documentId: input.documentId,
          locale,
          connectionId: connection.id,
          accountUsername: connection.profile.username || null,
          caption,
          trigger: scheduledAt ? 'schedule' : 'manual',
          scheduledAt,
          runAt: scheduledAt ?? new Date(now),
          requestedBy: actor.userId ?? null,
          state: input.confirmDuplicate ? { allowDuplicate: true } : {},
        }),
      );
      if (!scheduledAt) await wakeWorker(strapi);
      return context.view(publication);
    },
  };
};
