import type { Filter, Sort, StoredRow } from './query';

/**
 * What a backend offers the shared repositories: one collection's reads and writes, spoken in domain
 * field names with string ids (the backend's dialect translates). Each backend implements it once
 * (strapi/table.ts, mongo/table.ts); the repositories above it hold the rules and exist once.
 */
export interface Table<F extends string> {
  /** Whether `id` is shaped like this backend's ids; a malformed id names no record, so no query runs. */
  isId(id: string): boolean;
  find(filter: Filter<F>, options?: { sort?: Sort<F>; limit?: number; offset?: number; fields?: F[] }): Promise<StoredRow[]>;
  findOne(filter: Filter<F>): Promise<StoredRow | null>;
  insert(data: StoredRow): Promise<StoredRow>;
  /** Updates the record matching `filter`, or inserts `data` when none does; returns the record. */
  upsert(filter: Filter<F>, data: StoredRow): Promise<StoredRow>;
  /** Updates the record matching `filter` and returns it, or null when none matches. */
  updateOne(filter: Filter<F>, data: StoredRow): Promise<StoredRow | null>;
  /** Returns how many records matched. */
  updateMany(filter: Filter<F>, data: StoredRow): Promise<number>;
  /** Returns how many records were deleted. */
  deleteMany(filter: Filter<F>): Promise<number>;
  /** Deletes the record matching `filter` and returns it: of racing callers, exactly one gets it. */
  takeOne(filter: Filter<F>): Promise<StoredRow | null>;
  count(filter: Filter<F>): Promise<number>;
  /** Every record, its id and `fields` only, without holding the whole collection in memory. */
  scan(fields: F[]): AsyncIterable<StoredRow>;
}
