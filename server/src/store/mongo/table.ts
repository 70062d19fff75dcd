import mongoose, { type Model } from 'mongoose';
import { createDialect, type Sort, type StoredRow } from '../query';
import type { Table } from '../table';

export const isObjectId = (id: string) => mongoose.isValidObjectId(id) && /^[a-f0-9]{24}$/i.test(id);

const dialect = createDialect({
  idField: '_id',
  parseId: (id) => (isObjectId(id) ? new mongoose.Types.ObjectId(id) : undefined),
});

const sortOf = (sort: Sort) => Object.fromEntries(dialect.sort(sort).map(([field, direction]) => [field, direction === 'asc' ? 1 : -1] as const));
const projectionOf = (fields: string[]) => Object.fromEntries(fields.map((field) => [dialect.column(field), 1]));
const rowOrNull = (doc: unknown) => (doc ? dialect.row(doc as StoredRow) : null);

/**
 * One MongoDB collection. The model comes from a getter because it exists only once the store's
 * own connection is open (init); documents keep the domain field names.
 */
export const createMongoTable = <F extends string>(model: () => Model<any>): Table<F> => ({
  isId: isObjectId,
  async find(filter, { sort, limit, offset, fields } = {}) {
    let query = model().find(dialect.where(filter), fields ? projectionOf(fields) : undefined);
    if (sort) query = query.sort(sortOf(sort));
    if (offset) query = query.skip(offset);
    if (limit) query = query.limit(limit);
    return (await query.lean()).map((doc) => dialect.row(doc as StoredRow));
  },
  async findOne(filter) {
    return rowOrNull(await model().findOne(dialect.where(filter)).lean());
  },
  async insert(data) {
    return dialect.row((await model().create(data)).toObject());
  },
  async upsert(filter, data) {
    // Atomic: one document per filter, even when several instances upsert at once (with the unique index).
    const doc = await model().findOneAndUpdate(dialect.where(filter), { $set: data }, { upsert: true, new: true, setDefaultsOnInsert: true }).lean();
    return dialect.row(doc as StoredRow);
  },
  async updateOne(filter, data) {
    return rowOrNull(await model().findOneAndUpdate(dialect.where(filter), { $set: data }, { new: true }).lean());
  },
  async updateMany(filter, data) {
    // Atomic per document: of racing conditional updates, each document goes to one.
    return (await model().updateMany(dialect.where(filter), { $set: data })).matchedCount;
  },
  async deleteMany(filter) {
    return (await model().deleteMany(dialect.where(filter))).deletedCount ?? 0;
  },
  async takeOne(filter) {
    return rowOrNull(await model().findOneAndDelete(dialect.where(filter)).lean());
  },
  async count(filter) {
    return model().countDocuments(dialect.where(filter));
  },
  async *scan(fields) {
    for await (const doc of model().find({}, projectionOf(fields)).lean().cursor() as AsyncIterable<StoredRow>) {
      yield dialect.row(doc);
    }
  },
});
