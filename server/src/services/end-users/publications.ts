import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { MyPostInput, MyPublicationView, PaginationMeta, PublicationSort } from '../../contracts';
import { getPluginConfig } from '../../config/resolve';
import { wakeWorker } from '../../publishing';
import { captionLimitsOf, captionProblems } from '../../publishing/caption';
import { planUserPost } from '../../publishing/upload-source';
import { USER_POST_UID, userPostDocumentId, userPostInputSchema, type UserPostInput } from '../../publishing/user-post';
import { IdempotencyKeyTaken, userOwner, type Connection, type Publication, type PublicationStatus } from '../../store/types';
import { invalid, invalidField, notFound } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { createKeyedLock } from '../../utils/keyed-lock';
import { createLogger } from '../../utils/logger';
import type { UploadedPart } from '../../utils/multipart';
import { unusableReason } from '../connection-health';
import { cancelPublication, retryPublication, type ActionScope } from '../publications/actions';
import { createPublicationsContext, newRow } from '../publications/context';
import { createDuplicateCheck } from '../publications/duplicates';
import type { UploadFileRow } from './file-records';
import { assertUnderDailyPosts } from './limits';
import { fileIdsOf, toMyPublicationView } from './views';

/** A post as the route read it (contracts/end-users.ts MyPostInput, with `scheduledAt` as a date). */
export type MyPostRequest = Omit<MyPostInput, 'scheduledAt'> & { scheduledAt?: Date | null };

/** The request's post, and the files a multipart request carries with it (stored when the post is checked). */
export interface PostRequest {
  post: MyPostRequest;
  files: UploadedPart[];
  /** Sent as multipart/form-data (files with the post) rather than JSON (fileIds). */
  multipart: boolean;
}

/** Reads the request body only when called: a replayed or over-limit request is answered before its files are read. */
export type PostRequestReader = <T>(use: (request: PostRequest) => Promise<T>) => Promise<T>;

export interface MyPublicationQuery {
  status?: PublicationStatus[];
  connectionId?: string;
  sort?: PublicationSort;
  page: number;
  pageSize: number;
}

const NO_CONFIRM = 'Change the files, the caption or an option to post again.';

/** Stored as the publication's key: unique per user, and the key itself (a client's own string) is not kept. */
const idempotencyKeyOf = (userId: string, key: string) => `${userId}:${createHash('sha256').update(key).digest('hex')}`;

/**
 * An end user's posts of their own files: queued as publications of their own (owner, `input`),
 * with the checks an editor's post gets and the per-user limits; and their list, cancel and retry,
 * which only ever reach the user's own posts.
 */
export const createEndUserPublicationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const context = createPublicationsContext(strapi);
  const { store } = context;
  const duplicates = createDuplicateCheck(context);
  const files = () => getService(strapi, 'endUserFiles');
  const onePostAtATime = createKeyedLock();
  const logger = createLogger(strapi);

  const planSettings = () => {
    const config = getPluginConfig(strapi);
    return { worker: config.worker, sandbox: config.sandbox, publicUrl: getService(strapi, 'urls').publicUrl() };
  };

  const views = async (userId: string, publications: Publication[]): Promise<MyPublicationView[]> => {
    const ids = [...new Set(publications.flatMap(fileIdsOf))].map(Number).filter((id) => Number.isSafeInteger(id));
    const [connections, rows] = await Promise.all([store().connections.list(userOwner(userId)), files().filesByIds(ids)]);
    const viewContext = {
      usernames: new Map(connections.map((connection) => [connection.id, connection.profile.username || null] as const)),
      files: new Map(rows.map((row) => [String(row.id), row] as const)),
      publicUrl: getService(strapi, 'urls').publicUrl(),
    };
    return publications.map((publication) => toMyPublicationView(publication, viewContext));
  };
  const view = async (userId: string, publication: Publication) => (await views(userId, [publication]))[0];

  /** The user's own connection, able to post now: 404 for anyone else's (or none), 400 when it needs attention. */
  const usableConnection = async (userId: string, connectionId: string): Promise<Connection> => {
    const connection = await store().connections.findOwned(connectionId, userOwner(userId));
    if (!connection) throw notFound(`You have no connected Instagram account with the id "${connectionId}".`);
    const unusable = unusableReason(connection);
    if (unusable) throw invalidField('connectionId', unusable.replace(/,? then retry this post\.?$/, ', then post again.'));
    return connection;
  };

  /** The user's uploads of `ids`: any id that is not one of theirs answers 404 naming it, as an unknown one does. */
  const ownFiles = async (userId: string, ids: string[]): Promise<UploadFileRow[]> => {
    const { files: rows, missing } = await files().owned(userId, ids);
    if (missing.length) throw notFound(`${missing.length === 1 ? `File ${missing[0]} is` : `Files ${missing.join(', ')} are`} not among your uploads (POST /me/files).`);
    return rows;
  };

  const dedupeTarget = (connection: Connection, userId: string) => ({ connection, uid: USER_POST_UID, documentId: userPostDocumentId(userId), locale: null });

  const byKey = async (userId: string, key: string) =>
    (await store().publications.list({ ownerUserId: userId, idempotencyKey: key, page: 1, pageSize: 1 })).results[0] ?? null;

  /**
   * The checks of one post, then its row. What the request says is checked before any file is
   * stored; files sent with it are deleted again when the post's own checks (the plan) refuse it.
   */
  const queue = async (userId: string, idempotencyKey: string | null, { post, files: parts, multipart }: PostRequest) => {
    const now = Date.now();
    const scheduledAt = post.scheduledAt ?? null;
    if (scheduledAt && scheduledAt.getTime() <= now) {
      throw invalidField('scheduledAt', `The scheduled time (${scheduledAt.toISOString()}) has already passed: choose a later time, or leave it out to post now.`);
    }
    const caption = post.caption ?? '';
    const captionProblem = captionProblems(caption.trim(), captionLimitsOf(getPluginConfig(strapi).limits))[0];
    if (captionProblem) throw invalidField('caption', captionProblem);
    const connection = await usableConnection(userId, post.connectionId);
    if (parts.length && post.fileIds) throw invalidField('fileIds', 'Send either the files themselves (multipart) or the fileIds of files you uploaded, not both.');
    const count = parts.length || post.fileIds?.length || 0;
    if (!count) throw invalidField(multipart ? 'files' : 'fileIds', 'Name 1 to 10 files you uploaded (fileIds), or send the files with the post as multipart/form-data.');
    if (post.altTexts && post.altTexts.length !== count) {
      throw invalidField('altTexts', `Give one alternative text per file, in order (${count}); null or "" keeps a file's own.`);
    }

    // Files sent with the post are stored now (the plan reads them as stored) and deleted again if it is refused.
    const uploaded = parts.length ? await files().store(userId, parts) : [];
    const rows = uploaded.length ? uploaded : await ownFiles(userId, post.fileIds!);
    try {
      const queued = await queueFiles(userId, idempotencyKey, connection, post, rows, scheduledAt, now);
      if (queued.replayed && uploaded.length) await discardQuietly(userId, uploaded);
      return queued;
    } catch (error) {
      if (uploaded.length) await discardQuietly(userId, uploaded);
      throw error;
    }
  };

  const discardQuietly = (userId: string, uploaded: UploadFileRow[]) =>
    files()
      .discard(userId, uploaded)
      .catch((error) => logger.warn(`files uploaded with a refused post could not be deleted (${uploaded.map((file) => file.id).join(', ')})`, error));

  /** The post of files already stored and checked as the user's: the plan's checks, the duplicate check, the row. */
  const queueFiles = async (userId: string, idempotencyKey: string | null, connection: Connection, post: MyPostRequest, rows: UploadFileRow[], scheduledAt: Date | null, now: number) => {
    const caption = post.caption ?? '';
    const input: UserPostInput = {
      fileIds: rows.map((row) => String(row.id)),
      caption,
      kind: post.kind ?? 'auto',
      altTexts: post.altTexts ?? [],
      firstComment: post.firstComment?.trim() || null,
      userTags: post.userTags ?? [],
      locationId: post.locationId ?? null,
      collaborators: post.collaborators ?? [],
      shareToFeed: post.shareToFeed ?? true,
    };
    const planned = await planUserPost(strapi, input, rows, false, planSettings());
    if (!planned.plan) {
      const field = post.fileIds ? 'fileIds' : 'files';
      throw invalid(planned.errors.map((message) => ({ path: [field], message })));
    }
    await duplicates.refuseContent(dedupeTarget(connection, userId), planned.plan.contentHash, { subject: 'post', advice: NO_CONFIRM });

    const row = newRow({
      uid: USER_POST_UID,
      documentId: userPostDocumentId(userId),
      connectionId: connection.id,
      accountUsername: connection.profile.username || null,
      caption: caption.trim(),
      trigger: scheduledAt ? 'schedule' : 'manual',
      scheduledAt,
      runAt: scheduledAt ?? new Date(now),
      requestedBy: null,
      ownerUserId: userId,
      input: userPostInputSchema.parse(input),
      idempotencyKey,
    });
    try {
      const publication = await store().publications.create(row);
      if (!scheduledAt) await wakeWorker(strapi);
      return { view: await view(userId, publication), replayed: false };
    } catch (error) {
      // The same key from another instance won the race: answer what it made.
      const earlier = error instanceof IdempotencyKeyTaken && idempotencyKey ? await byKey(userId, idempotencyKey) : null;
      if (!earlier) throw error;
      return { view: await view(userId, earlier), replayed: true };
    }
  };

  /** The user's publication, or 404 for an unknown id and anyone else's alike. */
  const own = async (userId: string, id: string) => {
    const publication = await store().publications.findById(id);
    if (!publication || publication.ownerUserId !== userId) throw notFound(`publication ${id} not found`);
    return publication;
  };

  const userScope = (userId: string): ActionScope => ({
    find: (id) => own(userId, id),
    async refuseRepeat(publication) {
      const parsed = userPostInputSchema.safeParse(publication.input);
      const connection = publication.connectionId ? await store().connections.findOwned(publication.connectionId, userOwner(userId)) : null;
      // Without its account or files the worker fails it again, saying why; nothing to compare.
      if (!parsed.success || !connection) return;
      const { files: rows, missing } = await files().owned(userId, parsed.data.fileIds);
      if (missing.length) return;
      const plan = (await planUserPost(strapi, parsed.data, rows, false, planSettings())).plan;
      if (plan) await duplicates.refuseContent(dedupeTarget(connection, userId), plan.contentHash, { exceptId: publication.id, subject: 'post', advice: NO_CONFIRM });
    },
    cancelledMessage: 'Cancelled at your request.',
  });

  return {
    /**
     * POST /me/publications: a post of the user's files to one of their accounts. With an
     * idempotency key already used by this user, the publication it made is answered instead.
     * 429 over `endUsers.postsPerDay`, 409 when the account already got the same post.
     */
    async create(userId: string, key: string | null, read: PostRequestReader): Promise<{ view: MyPublicationView; replayed: boolean }> {
      return onePostAtATime(userId, async () => {
        const idempotencyKey = key ? idempotencyKeyOf(userId, key) : null;
        const earlier = idempotencyKey ? await byKey(userId, idempotencyKey) : null;
        if (earlier) return { view: await view(userId, earlier), replayed: true };
        await assertUnderDailyPosts(store(), userId, getPluginConfig(strapi).endUsers.postsPerDay);
        return read((request) => queue(userId, idempotencyKey, request));
      });
    },

    /** GET /me/publications: the user's own, newest first. */
    async list(userId: string, query: MyPublicationQuery): Promise<{ data: MyPublicationView[]; pagination: PaginationMeta }> {
      const { results, total } = await store().publications.list({ ...query, ownerUserId: userId });
      return { data: await views(userId, results), pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } };
    },

    async findOne(userId: string, id: string): Promise<MyPublicationView> {
      return view(userId, await own(userId, id));
    },

    /** Same rules as an editor's cancel: only before publishing has started. */
    async cancel(userId: string, id: string): Promise<MyPublicationView> {
      await cancelPublication(store, userScope(userId), id);
      return view(userId, await own(userId, id));
    },

    /** Same rules as an editor's retry, without confirming a repeat: the same post twice is refused (409). */
    async retry(userId: string, id: string): Promise<MyPublicationView> {
      await retryPublication(strapi, store, userScope(userId), id);
      return view(userId, await own(userId, id));
    },
  };
};

export type EndUserPublicationsService = ReturnType<typeof createEndUserPublicationsService>;
