import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getPluginConfig } from '../config/resolve';
import { wakeWorker } from '../publishing';
import { getContentType } from '../publishing/content-types';
import { entryTitles } from '../publishing/entry-titles';
import { loadEntry, resolveLocale } from '../publishing/entry';
import type { Mapping } from '../publishing/mapping-schema';
import { captionLimitsOf, captionProblems } from '../publishing/caption';
import { buildPlan } from '../publishing/plan';
import type { StepState } from '../publishing/step-state';
import { dedupeKeyOf, describeHolder, findKeyHolder, holderSummary } from '../publishing/duplicates';
import { restrictView, toView, type PublicationView } from '../publishing/view';
import type { Connection, Publication, PublicationQuery, PublicationWrite } from '../store/types';
import { CANCELLABLE_STATUSES, RETRYABLE_STATUSES } from '../store/statuses';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/http-errors';
import { unusableReason } from './connection-health';
import type { AdminAbility } from './entry-access';

/** A 400 whose message an editor can read as it is; the field stays in `details` for developers. */
const invalid = (path: string, message: string) =>
  new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });

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

/** Who asks: the admin's Content Manager ability (absent for plugin code) and their id. */
export interface Actor {
  ability?: AdminAbility;
  userId?: string | null;
}

/** The list filters are the store's own query. */
export type ListPublicationsInput = PublicationQuery;

export interface PreviewInput {
  uid: string;
  documentId?: string;
  locale?: string | null;
  mapping?: Mapping;
  status?: 'draft' | 'published';
}

/** Publications: queueing (hook, manual, scheduled), listing, retry, cancel, preview and permalinks. */
export const createPublicationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const connectionMap = async () => new Map((await store().connections.list()).map((connection) => [connection.id, connection] as const));

  const newRow = (fields: Partial<PublicationWrite> & Pick<PublicationWrite, 'uid' | 'documentId' | 'trigger' | 'runAt'>): PublicationWrite => ({
    locale: null,
    connectionId: null,
    status: 'queued',
    kind: null,
    caption: null,
    contentHash: null,
    scheduledAt: null,
    attempts: 0,
    state: {},
    mediaId: null,
    permalink: null,
    error: null,
    leaseOwner: null,
    leaseUntil: null,
    requestedBy: null,
    publishedAt: null,
    accountUsername: null,
    dedupeKey: null,
    ...fields,
  });

  const access = () => getService(strapi, 'entryAccess');

  const views = async (publications: Publication[], ability?: AdminAbility) => {
    const [connections, titleOf, readable] = await Promise.all([
      connectionMap(),
      entryTitles(strapi, publications),
      access().readableSet(ability, publications.map(({ uid, documentId, locale }) => ({ uid, documentId, locale }))),
    ]);
    return publications.map((publication) => {
      const view = toView(publication, connections, titleOf(publication));
      return readable({ uid: publication.uid, documentId: publication.documentId, locale: publication.locale }) ? view : restrictView(view);
    });
  };
  const view = async (publication: Publication) => (await views([publication]))[0];

  /** Refuses (409, naming the post) when another publication already posted this content to the account. */
  const refuseDuplicate = async (
    plan: { contentHash: string } | null,
    target: { connection: Connection; uid: string; documentId: string; locale: string | null },
    exceptId?: string,
  ) => {
    if (!plan) return;
    const key = dedupeKeyOf({ instagramUserId: target.connection.instagramUserId, uid: target.uid, documentId: target.documentId, locale: target.locale, contentHash: plan.contentHash });
    const holder = await findKeyHolder(store(), key, exceptId);
    if (!holder) return;
    const username = holder.accountUsername ?? target.connection.profile.username ?? null;
    throw conflict(`${describeHolder(holder, username)} Confirm to post it again.`, { existing: holderSummary(holder, username) }, 'DuplicatePostError');
  };

  /** What the worker would post for the entry now (without preparing files), or null when it could not post. */
  const currentPlan = async (input: { uid: string; documentId: string; locale: string | null; captionOverride: string | null }) => {
    const type = getContentType(strapi, input.uid);
    const mapping = type ? await getService(strapi, 'mappings').getEnabled(input.uid) : null;
    if (!type || !mapping) return null;
    const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale: input.locale, status: 'published' });
    if (!entry) return null;
    const config = getPluginConfig(strapi);
    const result = await buildPlan(strapi, {
      mapping,
      type,
      entry,
      locale: input.locale,
      captionOverride: input.captionOverride,
      prepare: false,
      worker: config.worker,
      sandbox: config.sandbox,
      publicUrl: getService(strapi, 'urls').publicUrl(),
    });
    return result.plan;
  };

  /** The publication, once the admin is known to be allowed to read its entry. */
  const findForActor = async (id: string, actor: Actor): Promise<Publication> => {
    const publication = await store().publications.findById(id);
    if (!publication) throw new errors.NotFoundError(`publication ${id} not found`);
    await access().assertCanRead(actor.ability, { uid: publication.uid, documentId: publication.documentId, locale: publication.locale });
    return publication;
  };

  const requireConnection = async (connectionId: string): Promise<Connection> => {
    const connection = await store().connections.findById(connectionId);
    if (!connection) throw invalid('connectionId', `No connected Instagram account has the id "${connectionId}": choose another account.`);
    const unusable = unusableReason(connection);
    if (unusable) throw invalid('connectionId', unusable.replace(/, then retry this post\.$|, then retry this post$/, ', then post again.'));
    return connection;
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
        throw invalid('scheduledAt', `The scheduled time (${input.scheduledAt.toISOString()}) has already passed: choose a later time, or post now.`);
      }
      const captionProblem = input.caption == null ? undefined : captionProblems(input.caption.trim(), captionLimitsOf(getPluginConfig(strapi).limits))[0];
      if (captionProblem) throw invalid('caption', captionProblem);
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalid('uid', `${input.uid} is not a content type of this application.`);
      const mapping = await getService(strapi, 'mappings').getEnabled(input.uid);
      if (!mapping) throw invalid('uid', `Instagram publishing is not enabled for ${type.displayName}: map it in the plugin settings first.`);
      const locale = await resolveLocale(strapi, type, input.locale);
      await access().assertCanRead(actor.ability, { uid: input.uid, documentId: input.documentId, locale, status: 'published' });
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status: 'published' });
      if (!entry) {
        throw invalid('documentId', `${type.displayName} "${input.documentId}"${locale ? ` (${locale})` : ''} has no published version yet: publish it first.`);
      }
      const connectionId = input.connectionId ?? mapping.connectionId;
      let connection: Connection;
      if (connectionId) connection = await requireConnection(connectionId);
      else {
        // "Ask" with a single account connected: that account, recorded now so the editor sees it.
        const active = (await store().connections.list()).filter((candidate) => candidate.isActive && candidate.status === 'active');
        if (active.length !== 1) {
          throw invalid(
            'connectionId',
            active.length === 0
              ? 'No Instagram account is connected: connect one in Settings → Instagram Publisher first.'
              : 'Several Instagram accounts are connected: choose the account to post to.',
          );
        }
        connection = active[0];
      }
      const caption = input.caption ?? null;
      if (!input.confirmDuplicate) {
        await refuseDuplicate(await currentPlan({ uid: input.uid, documentId: input.documentId, locale, captionOverride: caption }), {
          connection,
          uid: input.uid,
          documentId: input.documentId,
          locale,
        });
      }
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
      return view(publication);
    },

    /** One page of publications; entries the admin may not read keep their status but lose their words. */
    async list(query: ListPublicationsInput, actor: Actor = {}) {
      const { results, total } = await store().publications.list(query);
      return {
        results: await views(results, actor.ability),
        pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
      };
    },

    async findOne(id: string, actor: Actor = {}): Promise<PublicationView | null> {
      const publication = await store().publications.findById(id);
      return publication ? (await views([publication], actor.ability))[0] : null;
    },

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
        const plan = await currentPlan({ uid: publication.uid, documentId: publication.documentId, locale: publication.locale, captionOverride: publication.caption });
        await refuseDuplicate(plan, { connection, uid: publication.uid, documentId: publication.documentId, locale: publication.locale }, publication.id);
      }
      const previous = publication.state as StepState;
      const previousContainers = [...(previous.previousContainers ?? []), ...(previous.children ?? []), ...(previous.containerId ? [previous.containerId] : [])];
      const ok = await store().publications.updateIfStatus(id, RETRYABLE_STATUSES, {
        status: 'queued',
        attempts: 0,
        error: null,
        runAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
        // A retry asked by an editor posts even when the content did not change.
        trigger: publication.trigger === 'publish' ? 'manual' : publication.trigger,
        state: {
          ...(previousContainers.length ? { previousContainers } : {}),
          ...(actor.confirmDuplicate ? { allowDuplicate: true } : {}),
        },
      });
      if (!ok) throw conflict('The publication changed meanwhile; reload and try again.');
      await wakeWorker(strapi);
      return view((await store().publications.findById(id))!);
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
      return view((await store().publications.findById(id))!);
    },

    /** What would be posted for an entry (the latest one when no documentId), with every problem found. */
    async preview(input: PreviewInput, actor: Actor = {}) {
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalid('uid', `${input.uid} is not a content type of this application.`);
      // An unsaved mapping is checked as PUT /settings would check it: a bad template is a 400, not a 500.
      if (input.mapping) await getService(strapi, 'mappings').assertValid({ [input.uid]: input.mapping }, () => ['mapping']);
      const mapping = input.mapping ?? (await getService(strapi, 'mappings').getAll())[input.uid];
      if (!mapping) throw invalid('mapping', `${type.displayName} has no Instagram mapping yet: send one to preview.`);
      const locale = await resolveLocale(strapi, type, input.locale);
      const status = input.status ?? 'draft';
      // The entry is checked before it is read; "the latest entry" is the latest the admin may read.
      const filters = input.documentId
        ? (await access().assertCanRead(actor.ability, { uid: input.uid, documentId: input.documentId, locale, status }), undefined)
        : await access().readableFilters(actor.ability, input.uid);
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status, filters });
      if (!entry) {
        if (input.documentId) throw new errors.NotFoundError(`${type.displayName} "${input.documentId}" not found`);
        return {
          kind: null,
          caption: '',
          media: [],
          warnings: [],
          // The normal first state of a new type, not a problem with a post: the admin shows it as a note.
          errors: [],
          notice: `There is no ${type.displayName} entry to preview yet.`,
          counts: { characters: 0, hashtags: 0, mentions: 0 },
          limits: captionLimitsOf(getPluginConfig(strapi).limits),
          mapping: { enabled: mapping.enabled, autoPublish: mapping.autoPublish, connectionId: mapping.connectionId },
        };
      }
      const config = getPluginConfig(strapi);
      const result = await buildPlan(strapi, {
        mapping,
        type,
        entry,
        locale,
        prepare: false,
        worker: config.worker,
        sandbox: config.sandbox,
        publicUrl: getService(strapi, 'urls').publicUrl(),
      });
      return {
        kind: result.kind,
        caption: result.caption,
        media: result.media.map((item) => ({ url: item.url, alt: item.alt, mime: item.mime, width: item.width, height: item.height })),
        warnings: result.warnings,
        errors: result.errors,
        counts: result.counts,
        limits: result.limits,
        // The edit-view panel shows itself only for a type whose mapping is switched on.
        mapping: { enabled: mapping.enabled, autoPublish: mapping.autoPublish, connectionId: mapping.connectionId },
      };
    },

    /** Permalinks of an entry's published posts, for front ends. */
    async permalinks(query: { uid: string; documentId: string; locale?: string }) {
      const { results } = await store().publications.list({ uid: query.uid, documentId: query.documentId, locale: query.locale, status: ['published'], page: 1, pageSize: 100 });
      const connections = await connectionMap();
      return results
        .filter((publication) => publication.permalink)
        .map((publication) => ({
          permalink: publication.permalink!,
          mediaId: publication.mediaId,
          kind: publication.kind,
          locale: publication.locale,
          publishedAt: publication.publishedAt?.toISOString() ?? null,
          username: (publication.connectionId && connections.get(publication.connectionId)?.profile.username) || null,
        }));
    },
  };
};

export type PublicationsService = ReturnType<typeof createPublicationsService>;
