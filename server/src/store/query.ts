/**
 * The one query vocabulary of the stores. Rules (which connections are due, which lock is free)
 * are written once as filters over domain field names, in the operator subset that Strapi's query
 * engine and MongoDB read the same way; a dialect only renames fields and converts ids.
 */

export type Scalar = string | number | boolean | Date | null;

/** A field's condition: equality (`null` means "is null"), or one of these operators. */
export type Condition =
  | Scalar
  | { $in: readonly Scalar[] }
  | { $ne: null }
  | { $lt: Scalar }
  | { $lte: Scalar }
  | { $gt: Scalar };

export type Filter<F extends string> = { [K in F]?: Condition } & {
  $and?: Filter<F>[];
  $or?: Filter<F>[];
};

/** A filter over any fields: what a dialect renders. */
export type AnyFilter = { [field: string]: Condition | AnyFilter[] | undefined };

export type Sort<F extends string = string> = ReadonlyArray<readonly [F, 'asc' | 'desc']>;

/** A record as a backend stores it, or as a table hands it back (domain field names, string id). */
export type StoredRow = Record<string, any>;

export interface DialectOptions {
  /** The backend's name for the `id` field (`_id` in MongoDB). */
  idField: string;
  /** The backend's id value for a domain id, or undefined when the string cannot name a record. */
  parseId: (id: string) => unknown;
  /** Domain field → backend field, where they differ (`status` → `connectionStatus` in SQL). */
  renames?: Record<string, string>;
}

/** A condition on a malformed id: it names no record, so it matches none (both engines read `$in: []` so). */
const NOTHING = { $in: [] };

const isOperator = (condition: Condition): condition is Exclude<Condition, Scalar> =>
  typeof condition === 'object' && condition !== null && !(condition instanceof Date);

/** Translates filters, sorts and rows between domain names and one backend's names. */
export const createDialect = ({ idField, parseId, renames = {} }: DialectOptions) => {
  const columns: Record<string, string> = { ...renames, id: idField };
  const fields: Record<string, string> = Object.fromEntries(Object.entries(columns).map(([field, column]) => [column, field]));
  const column = (field: string) => columns[field] ?? field;

  const idValue = (id: Scalar) => (typeof id === 'string' ? parseId(id) : undefined);

  const idCondition = (condition: Condition): unknown => {
    if (!isOperator(condition)) return idValue(condition) ?? NOTHING;
    if ('$in' in condition) return { $in: condition.$in.map(idValue).filter((value) => value !== undefined) };
    const [[operator, operand]] = Object.entries(condition) as [string, Scalar][];
    const value = idValue(operand);
    return value === undefined ? NOTHING : { [operator]: value };
  };

  const where = (filter: AnyFilter): StoredRow => {
    const rendered: StoredRow = {};
    for (const [key, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      if (key === '$and' || key === '$or') rendered[key] = (condition as AnyFilter[]).map(where);
      else rendered[column(key)] = key === 'id' ? idCondition(condition as Condition) : condition;
    }
    return rendered;
  };

  return {
    column,
    where,
    /** The sort with backend field names, for the backend to spell its own way. */
    sort: (sort: Sort) => sort.map(([field, direction]) => [column(field), direction] as const),
    /** Data to write: backend field names (writes never carry the id). */
    data: (row: StoredRow): StoredRow => Object.fromEntries(Object.entries(row).map(([field, value]) => [column(field), value])),
    /** A stored record with domain field names and its id as a string. */
    row: (stored: StoredRow): StoredRow => {
      const row: StoredRow = {};
      for (const [key, value] of Object.entries(stored)) {
        // A backend column that bears a renamed field's domain name (Strapi's own `publishedAt`
        // beside the publication's `postedAt`) is not that field: the renamed column is.
        if (!(key in fields) && key in columns && columns[key] !== key) continue;
        row[fields[key] ?? key] = value;
      }
      if (stored[idField] !== undefined) row.id = String(stored[idField]);
      return row;
    },
  };
};

export type Dialect = ReturnType<typeof createDialect>;
