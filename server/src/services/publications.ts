import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getPluginConfig } from '../config/resolve';
import { wakeWorker } from '../publishing';
import { getContentType } from '../publishing/content-types';
import { entryTitles } from '../publishing/entry-titles';
import { loadEntry, resolveLocale } from '../publishing/entry';
import type { Mapping } from '../publishing/mapping-schema';
import { buildPlan } from '../publishing/plan';
import type { StepState } from '../publishing/runner';
import { toView, type PublicationView } from '../publishing/view';
import type { Connection, Publication, PublicationQuery, PublicationWrite } from '../store/types';
import { CANCELLABLE_STATUSES, RETRYABLE_STATUSES } from '../store/statuses';
import { getService } from '../utils/get-service';

/** A request that does not fit the publication's current state (answered 409). */
export class PublicationStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublicationStateError';
  }
}


const invalid = (path: string, message: string) =>
  new errors.ValidationError(`Invalid body: ${path}: ${message}`, { errors: [{ path: [path], message, name: 'ValidationError' }] });

export interface CreatePublicationInput {
  uid: string;
  documentId: string;
  locale?: string | null;
  connectionId?: string | null;
  caption?: string | null;
  scheduledAt?: Date | null;
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
    ...fields,
  });

  const views = async (publications: Publication[]) => {
    const [connections, titleOf] = await Promise.all([connectionMap(), entryTitles(strapi, publications)]);
    return publications.map((publication) => toView(publication, connections, titleOf(publication)));
  };
  const view = async (publication: Publication) => (await views([publication]))[0];

  const requireConnection = async (connectionId: string): Promise<Connection> => {
    const connection = await store().connections.findById(connectionId);
    if (!connection) throw invalid('connectionId', `no Instagram connection has the id "${connectionId}"`);
    if (!connection.isActive || connection.status !== 'active') {
      throw invalid('connectionId', `the Instagram account @${connection.profile.username || connection.instagramUserId} needs to be reconnected before it can publish`);
    }
    return connection;
  };

  return {
    /** Called by the publish hook: one queued row per published locale, then the worker is woken. */
    async enqueueFromPublish(uid: string, documentId: string, locales: Array<string | null>, connectionId: string | null) {
      const now = new Date();
      await store().publications.createMany(locales.map((locale) => newRow({ uid, documentId, locale, connectionId, trigger: 'publish', runAt: now })));
      await wakeWorker(strapi);
    },

    /** Publishes an entry now or at `scheduledAt` (UTC), whatever its mapping's auto-publish says. */
    async create(input: CreatePublicationInput, requestedBy: string | null): Promise<PublicationView> {
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalid('uid', `${input.uid} is not a content type of this application`);
      const mapping = await getService(strapi, 'mappings').getEnabled(input.uid);
      if (!mapping) throw invalid('uid', `Instagram publishing is not enabled for ${type.displayName}: map it in the plugin settings first`);
      const locale = await resolveLocale(strapi, type, input.locale);
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status: 'published' });
      if (!entry) {
        throw invalid('documentId', `${type.displayName} "${input.documentId}"${locale ? ` (${locale})` : ''} does not exist or has no published version`);
      }
      let connectionId = input.connectionId ?? mapping.connectionId;
      if (connectionId) await requireConnection(connectionId);
      else {
        // "Ask" with a single account connected: that account, recorded now so the editor sees it.
        const active = (await store().connections.list()).filter((connection) => connection.isActive && connection.status === 'active');
        if (active.length !== 1) {
          throw invalid('connectionId', active.length === 0 ? 'no Instagram account is connected' : 'several Instagram accounts are connected: choose one');
        }
        connectionId = active[0].id;
      }
      const now = Date.now();
      const scheduledAt = input.scheduledAt && input.scheduledAt.getTime() > now ? input.scheduledAt : null;
      const publication = await store().publications.create(
        newRow({
          uid: input.uid,
          documentId: input.documentId,
          locale,
          connectionId,
          caption: input.caption ?? null,
          trigger: scheduledAt ? 'schedule' : 'manual',
          scheduledAt,
          runAt: scheduledAt ?? new Date(now),
          requestedBy,
        }),
      );
      if (!scheduledAt) await wakeWorker(strapi);
      return view(publication);
    },

    async list(query: ListPublicationsInput) {
      const { results, total } = await store().publications.list(query);
      return {
        results: await views(results),
        pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
      };
    },

    async findOne(id: string): Promise<PublicationView | null> {
      const publication = await store().publications.findById(id);
      return publication ? view(publication) : null;
    },

    /** Queues a failed or cancelled publication again; containers it made are checked before posting again. */
    async retry(id: string): Promise<PublicationView> {
      const publication = await store().publications.findById(id);
      if (!publication) throw new errors.NotFoundError(`publication ${id} not found`);
      if (!RETRYABLE_STATUSES.includes(publication.status)) {
        throw new PublicationStateError(`Only failed or cancelled publications can be retried; this one is ${publication.status}.`);
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
        state: previousContainers.length ? { previousContainers } : {},
      });
      if (!ok) throw new PublicationStateError('The publication changed meanwhile; reload and try again.');
      await wakeWorker(strapi);
      return view((await store().publications.findById(id))!);
    },

    /** Stops a publication that has not started publishing; clearing the lease stops a worker mid-way. */
    async cancel(id: string): Promise<PublicationView> {
      const publication = await store().publications.findById(id);
      if (!publication) throw new errors.NotFoundError(`publication ${id} not found`);
      if (!CANCELLABLE_STATUSES.includes(publication.status)) {
        throw new PublicationStateError(
          publication.status === 'publishing'
            ? 'The post is being published on Instagram right now and can no longer be cancelled.'
            : `A ${publication.status} publication cannot be cancelled.`,
        );
      }
      const ok = await store().publications.updateIfStatus(id, CANCELLABLE_STATUSES, {
        status: 'cancelled',
        leaseOwner: null,
        leaseUntil: null,
        error: { code: null, subcode: null, class: 'cancelled', message: 'Cancelled by an editor.' },
      });
      if (!ok) throw new PublicationStateError('The publication moved on meanwhile and can no longer be cancelled.');
      return view((await store().publications.findById(id))!);
    },

    /** What would be posted for an entry (the latest one when no documentId), with every problem found. */
    async preview(input: PreviewInput) {
      const type = getContentType(strapi, input.uid);
      if (!type) throw invalid('uid', `${input.uid} is not a content type of this application`);
      // An unsaved mapping is checked as PUT /settings would check it: a bad template is a 400, not a 500.
      if (input.mapping) await getService(strapi, 'mappings').assertValid({ [input.uid]: input.mapping }, () => ['mapping']);
      const mapping = input.mapping ?? (await getService(strapi, 'mappings').getAll())[input.uid];
      if (!mapping) throw invalid('mapping', `${type.displayName} has no Instagram mapping yet: send one to preview`);
      const locale = await resolveLocale(strapi, type, input.locale);
      const entry = await loadEntry(strapi, type, mapping, { documentId: input.documentId, locale, status: input.status ?? 'draft' });
      if (!entry) {
        if (input.documentId) throw new errors.NotFoundError(`${type.displayName} "${input.documentId}" not found`);
        return {
          kind: null,
          caption: '',
          media: [],
          warnings: [],
          errors: [`There is no ${type.displayName} entry to preview yet.`],
          counts: { characters: 0, hashtags: 0, mentions: 0 },
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
