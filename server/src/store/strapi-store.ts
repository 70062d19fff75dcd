import type { Core } from '@strapi/strapi';
import { IN_FLIGHT_STATUSES, REFRESHED_STATUSES } from './statuses';
import type { TokenCipher } from './cipher';
import {
  CONNECTION_TOKEN_FIELDS,
  toDate,
  toProfile,
  toPublicationError,
  toRecord,
  toRequiredDate,
  toStringArray,
  toStringOrNull,
} from './rows';
import type {
  Connection,
  ConnectionPatch,
  ConnectionRepository,
  OAuthRecord,
  OAuthRecordKind,
  OAuthRecordRepository,
  Publication,
  PublicationPatch,
  PublicationRepository,
  SettingsRepository,
  Store,
} from './types';

const UID = {
  connection: 'plugin::instagram-publisher.connection',
  oauth: 'plugin::instagram-publisher.oauth-record',
  publication: 'plugin::instagram-publisher.publication',
  setting: 'plugin::instagram-publisher.setting',
} as const;

type Row = Record<string, any>;

/**
 * Row ids are serial integers. Anything else, or a number past PostgreSQL's integer range
 * (which it refuses with an error rather than matching nothing), names no row.
 */
const MAX_ROW_ID = 2_147_483_647;
const isRowId = (id: string) => /^\d{1,10}$/.test(id) && Number(id) <= MAX_ROW_ID;

const connectionFromRow = (row: Row, cipher: TokenCipher): Connection => ({
  id: String(row.id),
  userId: toStringOrNull(row.userId),
  connectedByName: toStringOrNull(row.connectedByName),
  instagramUserId: String(row.instagramUserId),
  loginKind: row.loginKind,
  pageId: toStringOrNull(row.pageId),
  pageName: toStringOrNull(row.pageName),
  appScopedUserId: toStringOrNull(row.appScopedUserId),
  accessToken: row.accessToken ? cipher.decrypt(row.accessToken) : null,
  userAccessToken: row.userAccessToken ? cipher.decrypt(row.userAccessToken) : null,
  tokenIssuedAt: toDate(row.tokenIssuedAt),
  tokenExpiresAt: toDate(row.tokenExpiresAt),
  dataAccessExpiresAt: toDate(row.dataAccessExpiresAt),
  profile: toProfile(row.profile),
  scopes: toStringArray(row.scopes),
  status: row.connectionStatus ?? 'active',
  isActive: row.isActive !== false && row.isActive !== 0,
  lastError: toStringOrNull(row.lastError),
  connectedAt: toRequiredDate(row.connectedAt ?? row.createdAt),
  lastSyncedAt: toDate(row.lastSyncedAt),
  lastRefreshedAt: toDate(row.lastRefreshedAt),
  refreshLockedUntil: toDate(row.refreshLockedUntil),
  createdAt: toRequiredDate(row.createdAt),
  updatedAt: toRequiredDate(row.updatedAt),
});

/** Tokens are encrypted under the current key on every write, so rotation happens as rows change. */
const connectionToRow = (patch: ConnectionPatch, cipher: TokenCipher): Row => {
  const { status, ...rest } = patch;
  const row: Row = { ...rest };
  if (status !== undefined) row.connectionStatus = status;
  for (const field of CONNECTION_TOKEN_FIELDS) {
    if (field in patch) row[field] = patch[field] ? cipher.encrypt(patch[field] as string) : null;
  }
  return row;
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

const oauthFromRow = (row: Row, cipher: TokenCipher): OAuthRecord => ({
  key: row.key,
  kind: row.kind,
  userId: String(row.userId),
  flow: row.flow,
  payload: row.payload ? JSON.parse(cipher.decrypt(row.payload)) : {},
  expiresAt: toRequiredDate(row.expiresAt),
  createdAt: toRequiredDate(row.createdAt),
});

/** The default backend: the plugin's hidden content types in Strapi's own database. */
export const createStrapiStore = (strapi: Core.Strapi, cipher: TokenCipher): Store => {
  const query = (uid: (typeof UID)[keyof typeof UID]) => strapi.db.query(uid as any);

  const connections: ConnectionRepository = {
    async list() {
      const rows = await query(UID.connection).findMany({ orderBy: [{ connectedAt: 'asc' }, { id: 'asc' }] });
      return rows.map((row: Row) => connectionFromRow(row, cipher));
    },
    async findById(id) {
      if (!isRowId(id)) return null;
      const row = await query(UID.connection).findOne({ where: { id: Number(id) } });
      return row ? connectionFromRow(row, cipher) : null;
    },
    async findByInstagramUserId(instagramUserId) {
      const row = await query(UID.connection).findOne({ where: { instagramUserId } });
      return row ? connectionFromRow(row, cipher) : null;
    },
    async findByMetaUserId(metaUserId) {
      const rows = await query(UID.connection).findMany({
        where: { $or: [{ appScopedUserId: metaUserId }, { instagramUserId: metaUserId }] },
      });
      return rows.map((row: Row) => connectionFromRow(row, cipher));
    },
    async upsertByInstagramUserId(data) {
      const existing = await query(UID.connection).findOne({ where: { instagramUserId: data.instagramUserId } });
      const row = connectionToRow(data, cipher);
      const saved = existing
        ? await query(UID.connection).update({ where: { id: existing.id }, data: row })
        : await query(UID.connection).create({ data: row });
      return connectionFromRow(saved, cipher);
    },
    async update(id, patch) {
      if (!isRowId(id)) return null;
      const saved = await query(UID.connection).update({ where: { id: Number(id) }, data: connectionToRow(patch, cipher) });
      return saved ? connectionFromRow(saved, cipher) : null;
    },
    async patch(id, patch) {
      if (!isRowId(id)) return false;
      const { count } = await query(UID.connection).updateMany({ where: { id: Number(id) }, data: connectionToRow(patch, cipher) });
      return count === 1;
    },
    async delete(id) {
      if (!isRowId(id)) return false;
      const { count } = await query(UID.connection).deleteMany({ where: { id: Number(id) } });
      return count > 0;
    },
    async listDueForRefresh({ loginKind, expiresBefore, after, limit }) {
      const where: Row = { loginKind, isActive: true, connectionStatus: { $in: REFRESHED_STATUSES }, accessToken: { $notNull: true } };
      const and: Row[] = [];
      if (expiresBefore) {
        and.push({ tokenExpiresAt: { $notNull: true } });
        and.push({ $or: [{ tokenExpiresAt: { $lt: expiresBefore } }, { connectionStatus: 'action_required' }] });
      }
      if (after) {
        and.push({
          $or: [
            { tokenExpiresAt: { $gt: after.tokenExpiresAt } },
            { tokenExpiresAt: after.tokenExpiresAt, id: { $gt: Number(after.id) } },
          ],
        });
      }
      const rows = await query(UID.connection).findMany({
        where: and.length ? { ...where, $and: and } : where,
        orderBy: [{ tokenExpiresAt: 'asc' }, { id: 'asc' }],
        limit,
      });
      return rows.map((row: Row) => connectionFromRow(row, cipher));
    },
    async listActiveByKind({ loginKind, afterId, limit }) {
      const rows = await query(UID.connection).findMany({
        where: {
          loginKind,
          isActive: true,
          connectionStatus: { $in: REFRESHED_STATUSES },
          accessToken: { $notNull: true },
          ...(afterId ? { id: { $gt: Number(afterId) } } : {}),
        },
        orderBy: { id: 'asc' },
        limit,
      });
      return rows.map((row: Row) => connectionFromRow(row, cipher));
    },
    async claimForRefresh(ids, owner, now, lockUntil) {
      const numeric = ids.filter((id) => isRowId(id)).map(Number);
      if (numeric.length === 0) return [];
      // One conditional UPDATE claims the whole batch; reading back by owner tells who won.
      await query(UID.connection).updateMany({
        where: {
          id: { $in: numeric },
          $or: [{ refreshLockedUntil: { $null: true } }, { refreshLockedUntil: { $lte: now } }],
        },
        data: { refreshLockedUntil: lockUntil, refreshLockOwner: owner },
      });
      const won = await query(UID.connection).findMany({
        where: { id: { $in: numeric }, refreshLockOwner: owner, refreshLockedUntil: lockUntil },
        select: ['id'],
      });
      return won.map((row: Row) => String(row.id));
    },
    async count() {
      return query(UID.connection).count({});
    },
    async reencryptTokens() {
      let changed = 0;
      let lastId = 0;
      // Paged by id so a large table is never loaded at once.
      for (;;) {
        const rows = await query(UID.connection).findMany({
          where: { id: { $gt: lastId } },
          orderBy: { id: 'asc' },
          limit: 200,
          select: ['id', ...CONNECTION_TOKEN_FIELDS],
        });
        if (rows.length === 0) return changed;
        for (const row of rows) {
          lastId = row.id;
          const data: Row = {};
          for (const field of CONNECTION_TOKEN_FIELDS) {
            if (row[field] && cipher.needsReencryption(row[field])) data[field] = cipher.encrypt(cipher.decrypt(row[field]));
          }
          if (Object.keys(data).length) {
            await query(UID.connection).update({ where: { id: row.id }, data });
            changed += 1;
          }
        }
      }
    },
  };

  const oauth: OAuthRecordRepository = {
    async create(record) {
      const row = await query(UID.oauth).create({
        data: { ...record, payload: cipher.encrypt(JSON.stringify(record.payload)) },
      });
      return oauthFromRow(row, cipher);
    },
    async find(key, kind: OAuthRecordKind) {
      const row = await query(UID.oauth).findOne({ where: { key, kind } });
      return row ? oauthFromRow(row, cipher) : null;
    },
    async take(key, kind) {
      const row = await query(UID.oauth).findOne({ where: { key, kind } });
      if (!row) return null;
      // The delete decides who wins when two requests race for one state.
      const { count } = await query(UID.oauth).deleteMany({ where: { id: row.id } });
      return count === 1 ? oauthFromRow(row, cipher) : null;
    },
    async deleteExpired(now) {
      const { count } = await query(UID.oauth).deleteMany({ where: { expiresAt: { $lt: now } } });
      return count;
    },
  };

  const publications: PublicationRepository = {
    async create(data) {
      return publicationFromRow(await query(UID.publication).create({ data: publicationToRow(data) }));
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
        createdAt: now,
        updatedAt: now,
      }));
      await strapi.db.queryBuilder(UID.publication).insert(rows).execute();
    },
    async findById(id) {
      if (!isRowId(id)) return null;
      const row = await query(UID.publication).findOne({ where: { id: Number(id) } });
      return row ? publicationFromRow(row) : null;
    },
    async list({ uid, documentId, locale, status, connectionId, mediaIds, dedupeKey, page, pageSize }) {
      const where: Row = {};
      if (uid) where.targetUid = uid;
      if (documentId) where.targetDocumentId = documentId;
      if (locale) where.targetLocale = locale;
      if (connectionId) where.connectionId = connectionId;
      if (mediaIds) where.mediaId = { $in: mediaIds };
      if (dedupeKey) where.dedupeKey = dedupeKey;
      if (status?.length) where.publicationStatus = { $in: status };
      const [rows, total] = await Promise.all([
        query(UID.publication).findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
        query(UID.publication).count({ where }),
      ]);
      return { results: rows.map(publicationFromRow), total };
    },
    async update(id, patch) {
      if (!isRowId(id)) return null;
      const row = await query(UID.publication).update({ where: { id: Number(id) }, data: publicationToRow(patch) });
      return row ? publicationFromRow(row) : null;
    },
    async updateLeased(id, owner, patch) {
      const { count } = await query(UID.publication).updateMany({
        where: { id: Number(id), leaseOwner: owner },
        data: publicationToRow(patch),
      });
      return count === 1;
    },
    async takeDedupeKey(id, owner, key) {
      try {
        const { count } = await query(UID.publication).updateMany({ where: { id: Number(id), leaseOwner: owner }, data: { dedupeKey: key } });
        return count === 1;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async updateIfStatus(id, statuses, patch) {
      const { count } = await query(UID.publication).updateMany({
        where: { id: Number(id), publicationStatus: { $in: statuses } },
        data: publicationToRow(patch),
      });
      return count === 1;
    },
    async claimDue({ now, owner, leaseUntil, limit }) {
      const candidates = await query(UID.publication).findMany({
        where: {
          publicationStatus: { $in: IN_FLIGHT_STATUSES },
          runAt: { $lte: now },
          $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lte: now } }],
        },
        orderBy: [{ runAt: 'asc' }, { id: 'asc' }],
        limit,
        select: ['id', 'leaseOwner', 'leaseUntil'],
      });
      const claimed: Publication[] = [];
      for (const candidate of candidates) {
        // Conditional on the lease we saw: another instance that claimed it first wins.
        const { count } = await query(UID.publication).updateMany({
          where: {
            id: candidate.id,
            publicationStatus: { $in: IN_FLIGHT_STATUSES },
            $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lte: now } }],
          },
          data: { leaseOwner: owner, leaseUntil },
        });
        if (count === 1) {
          const row = await query(UID.publication).findOne({ where: { id: candidate.id } });
          if (row) claimed.push(publicationFromRow(row));
        }
      }
      return claimed;
    },
    async nextRunAt() {
      const row = await query(UID.publication).findOne({
        where: { publicationStatus: { $in: IN_FLIGHT_STATUSES } },
        orderBy: { runAt: 'asc' },
        select: ['runAt'],
      });
      return row ? toDate(row.runAt) : null;
    },
  };

  const settings: SettingsRepository = {
    async get<T>(key: string) {
      const row = await query(UID.setting).findOne({ where: { key } });
      return row ? ((row.value ?? null) as T | null) : null;
    },
    async set(key, value) {
      const existing = await query(UID.setting).findOne({ where: { key }, select: ['id'] });
      if (existing) await query(UID.setting).update({ where: { id: existing.id }, data: { value } });
      else await query(UID.setting).create({ data: { key, value } });
    },
  };

  return {
    kind: 'strapi',
    connections,
    oauth,
    publications,
    settings,
    async init() {},
    async close() {},
  };
};
