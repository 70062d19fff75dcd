import type { Core } from '@strapi/strapi';
import { createDialect, type Sort, type StoredRow } from '../query';
import type { Table } from '../table';

/**
 * Row ids are serial integers. Anything else, or a number past PostgreSQL's integer range
 * (which it refuses with an error rather than matching nothing), names no row.
 */
const MAX_ROW_ID = 2_147_483_647;
export const isRowId = (id: string) => /^\d{1,10}$/.test(id) && Number(id) <= MAX_ROW_ID;

const SCAN_PAGE = 200;

/** One of the plugin's hidden content types, through Strapi's query engine (SQLite, PostgreSQL, MySQL). */
export const createStrapiTable = <F extends string>(
  strapi: Core.Strapi,
  uid: string,
  /** Domain field → attribute, where the content type names it otherwise. */
  renames: Partial<Record<F, string>> = {}
): Table<F> => {
  const dialect = createDialect({
    idField: 'id',
    parseId: (id) => (isRowId(id) ? Number(id) : undefined),
    renames: renames as Record<string, string>,
  });
  const query = () => strapi.db.query(uid as any);
  const orderBy = (sort: Sort) => dialect.sort(sort).map(([column, direction]) => ({ [column]: direction }));
  const rowOrNull = (stored: StoredRow | null) => (stored ? dialect.row(stored) : null);

  return {
    isId: isRowId,
    async find(filter, { sort, limit, offset, fields } = {}) {
      const rows = await query().findMany({
        where: dialect.where(filter),
        ...(sort ? { orderBy: orderBy(sort) } : {}),
        ...(limit ? { limit } : {}),
        ...(offset ? { offset } : {}),
        ...(fields ? { select: fields.map(dialect.column) } : {}),
      });
      return rows.map(dialect.row);
    },
    async findOne(filter) {
      return rowOrNull(await query().findOne({ where: dialect.where(filter) }));
    },
    async insert(data) {
      return dialect.row(await query().create({ data: dialect.data(data) }));
    },
    async upsert(filter, data) {
      // Not atomic: the content type's unique attribute refuses the second of two racing inserts.
      const existing = await query().findOne({ where: dialect.where(filter), select: ['id'] });
      const saved = existing
        ? await query().update({ where: { id: existing.id }, data: dialect.data(data) })
        : await query().create({ data: dialect.data(data) });
      return dialect.row(saved);
    },
    async updateOne(filter, data) {
      return rowOrNull(await query().update({ where: dialect.where(filter), data: dialect.data(data) }));
    },
    async updateMany(filter, data) {
      const { count } = await query().updateMany({ where: dialect.where(filter), data: dialect.data(data) });
      return count;
    },
    async deleteMany(filter) {
      const { count } = await query().deleteMany({ where: dialect.where(filter) });
      return count;
    },
    async takeOne(filter) {
      const row = await query().findOne({ where: dialect.where(filter) });
      if (!row) return null;
      // The delete decides who wins when two callers race for one row.
      const { count } = await query().deleteMany({ where: { id: row.id } });
      return count === 1 ? dialect.row(row) : null;
    },
    async count(filter) {
      return query().count({ where: dialect.where(filter) });
    },
    async *scan(fields) {
      // Paged by id so a large table is never loaded at once.
      for (let lastId = 0; ; ) {
        const rows = await query().findMany({
          where: { id: { $gt: lastId } },
          orderBy: { id: 'asc' },
          limit: SCAN_PAGE,
          select: ['id', ...fields.map(dialect.column)],
        });
        if (rows.length === 0) return;
        lastId = rows[rows.length - 1].id;
        yield* rows.map(dialect.row);
      }
    },
  };
};
