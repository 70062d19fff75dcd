import type { StoredRow } from './query';
import { toRequiredDate } from './rows';
import type { Table } from './table';
import type { TokenCodec } from './tokens';
import type { LoginKind, OAuthRecord, OAuthRecordKind, OAuthRecordRepository } from './types';

export type OAuthRecordField = keyof OAuthRecord;

/** One mapping between an OAuth record and its stored form: the payload is encrypted as a whole. */
export const createOAuthRecordMapper = (tokens: TokenCodec) => ({
  fromRow: (row: StoredRow): OAuthRecord => ({
    key: String(row.key),
    kind: row.kind as OAuthRecordKind,
    userId: String(row.userId),
    flow: row.flow as LoginKind,
    payload: tokens.openJson(row.payload),
    expiresAt: toRequiredDate(row.expiresAt),
    createdAt: toRequiredDate(row.createdAt),
  }),
  toRow: (record: Omit<OAuthRecord, 'createdAt'>): StoredRow => ({ ...record, payload: tokens.sealJson(record.payload) }),
});

/** The OAuth records repository of every backend, over its table. */
export const createOAuthRecordRepository = (table: Table<OAuthRecordField>, tokens: TokenCodec): OAuthRecordRepository => {
  const { fromRow, toRow } = createOAuthRecordMapper(tokens);
  return {
    async create(record) {
      return fromRow(await table.insert(toRow(record)));
    },
    async find(key, kind) {
      const row = await table.findOne({ key, kind });
      return row ? fromRow(row) : null;
    },
    async take(key, kind) {
      const row = await table.takeOne({ key, kind });
      return row ? fromRow(row) : null;
    },
    async deleteExpired(now) {
      return table.deleteMany({ expiresAt: { $lt: now } });
    },
  };
};
