import type { Core } from '@strapi/strapi';
import { toDate, toRecord, toRequiredDate, toStringOrNull, toNumberOrNull } from '../rows';
import { nullsLastRanges, orderOf, SORT_ATTRIBUTES, sortsByNumber, UNREAD_ORDER } from '../publication-sort';
import { IN_FLIGHT_STATUSES } from '../statuses';
import { IdempotencyKeyTaken, type Publication, type PublicationError, type PublicationPatch, type PublicationRepository } from '../types';
import { isRowId } from './table';

export const PUBLICATION_UID = 'plugin::instagram-publisher.publication';

type Row = Record<string, any>;

const toPublicationError = (value: unknown): PublicationError | null => {
  if (!value || typeof value !== 'object') return null;
  const raw = value as Record<string, unknown>;
  return {
    code: toNumberOrNull(raw.code),
    subcode: toNumberOrNull(raw.subcode),
    class: toStringOrNull(raw.class),
    message: typeof raw.message === 'string' ? raw.message : 'Unknown error',
  };
};

const publicationFromRow = (row: Row): Publication => ({
  id: String(row.id),
  uid: row.targetUid,
  documentId: row.targetDocumentId,
  locale: toStringOrNull(row.targetLocale),
  connectionId: toStringOrNull(row.connectionId),
  status: row.publicationStatus,
  kind: row.kind ?? null,
  caption: toStringOrNull(row.caption),
  contentHash: toStringOrNull(row.contentHash),
  trigger: row.trigger,
  scheduledAt: toDate(row.scheduledAt),
  runAt: toRequiredDate(row.runAt),
  attempts: Number(row.attempts ?? 0),
  state: toRecord(row.stepState),
  mediaId: toStringOrNull(row.mediaId),
  permalink: toStringOrNull(row.permalink),
  error: toPublicationError(row.error),
  leaseOwner: toStringOrNull(row.leaseOwner),
  leaseUntil: toDate(row.leaseUntil),
  requestedBy: toStringOrNull(row.requestedBy),
  publishedAt: toDate(row.postedAt),
  accountUsername: toStringOrNull(row.accountUsername),
  dedupeKey: toStringOrNull(row.dedupeKey),
  ownerUserId: toStringOrNull(row.ownerUserId),
  input: row.input && typeof row.input === 'object' ? toRecord(row.input) : null,
  idempotencyKey: toStringOrNull(row.idempotencyKey),
  likeCount: toNumberOrNull(row.likeCount),
  commentCount: toNumberOrNull(row.commentCount),
  reachCount: toNumberOrNull(row.reachCount),
  lastCommentAt: toDate(row.lastCommentAt),
  createdAt: toRequiredDate(row.createdAt),
  updatedAt: toRequiredDate(row.updatedAt),
});

const PUBLICATION_COLUMNS: Record<string, string> = {
  uid: 'targetUid',
  documentId: 'targetDocumentId',
  locale: 'targetLocale',
  status: 'publicationStatus',
  state: 'stepState',
  publishedAt: 'postedAt',
};

const publicationToRow = (patch: PublicationPatch): Row =>
  Object.fromEntries(Object.entries(patch).map(([key, value]) => [PUBLICATION_COLUMNS[key] ?? key, value]));

/** SQLite, PostgreSQL and MySQL/MariaDB each name a unique-index violation their own way. */
const isUniqueViolation = (error: unknown) => {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062;
};

/** The publication queue, always in Strapi's database (../index.ts says why). */
export const createPublicationRepository = (strapi: Core.Strapi): PublicationRepository => {
  const query = () => strapi.db.query(PUBLICATION_UID as any);

  return {
    async create(data) {
      try {
        return publicationFromRow(await query().create({ data: publicationToRow(data) }));
      } catch (error) {
        // A new row holds no dedupe key: with an idempotency key, the unique index that refused it is that key's.
        if (data.idempotencyKey && isUniqueViolation(error)) throw new IdempotencyKeyTaken();
        throw error;
      }
    },
    async createMany(data) {
      if (data.length === 0) return;
      // The publish hook's write, on the editor's path: one INSERT through the query builder (in the
      // caller's transaction when there is one), without the entity manager's lifecycles, own
      // transaction and read-back. It therefore sets what those would: timestamps and JSON text.
      const now = new Date();
      const rows = data.map((publication) => ({
        ...publicationToRow(publication),
        stepState: JSON.stringify(publication.state ?? {}),
        error: publication.error ? JSON.stringify(publication.error) : null,
        input: publication.input ? JSON.stringify(publication.input) : null,
        createdAt: now,
        updatedAt: now,
      }));
      await strapi.db.queryBuilder(PUBLICATION_UID as any).insert(rows).execute();
    },
    async findById(id) {
      if (!isRowId(id)) return null;
      const row = await query().findOne({ where: { id: Number(id) } });
      return row ? publicationFromRow(row) : null;
    },
    async list({ uid, documentId, locale, status, connectionId, mediaIds, dedupeKey, ownerUserId, idempotencyKey, createdAfter, sort, page, pageSize }) {
      const where: Row = {};
      if (ownerUserId !== undefined) where.ownerUserId = ownerUserId;
      if (idempotencyKey) where.idempotencyKey = idempotencyKey;
      if (createdAfter) where.createdAt = { $gte: createdAfter };
      if (uid) where.targetUid = uid;
      if (documentId) where.targetDocumentId = documentId;
      if (locale) where.targetLocale = locale;
      if (connectionId) where.connectionId = connectionId;
      if (mediaIds) where.mediaId = { $in: mediaIds };
      if (dedupeKey) where.dedupeKey = dedupeKey;
      if (status?.length) where.publicationStatus = { $in: status };
      const offset = (page - 1) * pageSize;
      if (!sortsByNumber(sort)) {
        const [rows, total] = await Promise.all([
          query().findMany({ where, orderBy: orderOf(sort), offset, limit: pageSize }),
          query().count({ where }),
        ]);
        return { results: rows.map(publicationFromRow), total };
      }
      // Nulls last, portably: the numbered rows in order, then the unread ones (../publication-sort.ts).
      const attribute = SORT_ATTRIBUTES[sort.field];
      const numberedWhere = { $and: [where, { [attribute]: { $notNull: true } }] };
      const unreadWhere = { $and: [where, { [attribute]: { $null: true } }] };
      const [numbered, total] = await Promise.all([query().count({ where: numberedWhere }), query().count({ where })]);
      const rows: Row[] = [];
      for (const range of nullsLastRanges(offset, pageSize, numbered)) {
        const numberedPart = range.part === 'numbered';
        rows.push(
          ...(await query().findMany({
            where: numberedPart ? numberedWhere : unreadWhere,
            orderBy: numberedPart ? orderOf(sort) : UNREAD_ORDER,
            offset: range.offset,
            limit: range.limit,
          }))
        );
      }
      return { results: rows.map(publicationFromRow), total };
    },
    async update(id, patch) {
      if (!isRowId(id)) return null;
      const row = await query().update({ where: { id: Number(id) }, data: publicationToRow(patch) });
      return row ? publicationFromRow(row) : null;
    },
    async updateLeased(id, owner, patch) {
      const { count } = await query().updateMany({
        where: { id: Number(id), leaseOwner: owner },
        data: publicationToRow(patch),
      });
      return count === 1;
    },
    async takeDedupeKey(id, owner, key) {
      try {
        const { count } = await query().updateMany({ where: { id: Number(id), leaseOwner: owner }, data: { dedupeKey: key } });
        return count === 1;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async updateIfStatus(id, statuses, patch) {
      const { count } = await query().updateMany({
        where: { id: Number(id), publicationStatus: { $in: statuses } },
        data: publicationToRow(patch),
      });
      return count === 1;
    },
    async claimDue({ now, owner, leaseUntil, limit, running }) {
      const free: Array<Record<string, unknown>> = [{ leaseUntil: { $null: true } }, { leaseUntil: { $lte: now } }];
      if (running) free.push({ leaseOwner: owner, ...(running.length ? { id: { $notIn: running.map(Number) } } : {}) });
      // Due work, and published rows a dead run left leased (their link and first comment unfinished).
      const workable = { $or: [{ publicationStatus: { $in: IN_FLIGHT_STATUSES }, runAt: { $lte: now } }, { publicationStatus: 'published', leaseOwner: { $notNull: true } }] };
      const candidates = await query().findMany({
        where: { $and: [workable, { $or: free }] },
        orderBy: [{ runAt: 'asc' }, { id: 'asc' }],
        limit,
        select: ['id', 'leaseOwner', 'leaseUntil'],
      });
      const claimed: Publication[] = [];
      for (const candidate of candidates) {
        // Conditional on the lease we saw: another instance that claimed it first wins.
        const { count } = await query().updateMany({
          where: { $and: [{ id: candidate.id }, workable, { $or: free }] },
          data: { leaseOwner: owner, leaseUntil },
        });
        if (count === 1) {
          const row = await query().findOne({ where: { id: candidate.id } });
          if (row) claimed.push(publicationFromRow(row));
        }
      }
      return claimed;
    },
    async latestOfUserConnections(connectionIds) {
      const latest = new Map<string, Publication>();
      if (connectionIds.length === 0) return latest;
      // One grouped query for the whole page (Strapi's query engine has no GROUP BY): the newest
      // row id per connection; row ids grow with creation time.
      const meta = strapi.db.metadata.get(PUBLICATION_UID);
      const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
      const newest: Array<{ id: number | string }> = await strapi.db
        .connection(meta.tableName)
        .max({ id: 'id' })
        .whereIn(column('connectionId'), [...connectionIds])
        .whereNotNull(column('ownerUserId'))
        .groupBy(column('connectionId'));
      const ids = newest.map((row) => Number(row.id)).filter(Number.isFinite);
      if (ids.length === 0) return latest;
      for (const row of await query().findMany({ where: { id: { $in: ids } } })) {
        const publication = publicationFromRow(row);
        if (publication.connectionId) latest.set(publication.connectionId, publication);
      }
      return latest;
    },
    async recordComment(mediaId, at) {
      // One UPDATE adding to the stored count in the database, so concurrent notifications never
      // lose one; NULL + 1 stays NULL (a count never read is not guessed).
      const meta = strapi.db.metadata.get(PUBLICATION_UID);
      const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
      const knex = strapi.db.connection;
      await knex(meta.tableName)
        .where(column('mediaId'), mediaId)
        .where(column('publicationStatus'), 'published')
        .update({ [column('commentCount')]: knex.raw('?? + 1', [column('commentCount')]) });
      // The date goes through the query engine, which stores it as each database expects.
      const { count } = await query().updateMany({ where: { mediaId, publicationStatus: 'published' }, data: { lastCommentAt: at } });
      return count;
    },
    async nextRunAt() {
      const row = await query().findOne({
        where: { publicationStatus: { $in: IN_FLIGHT_STATUSES } },
        orderBy: { runAt: 'asc' },
        select: ['runAt'],
      });
      return row ? toDate(row.runAt) : null;
    },
  };
};
