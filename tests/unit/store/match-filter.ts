import type { AnyFilter, Condition, Scalar } from '../../../server/src/store/query';

/**
 * Evaluates a store filter over a plain record, the way both engines read the vocabulary (a
 * comparison with a missing value is false, `null` means "is null"), so the rules can be tested
 * on records without a database.
 */
export const matches = (filter: AnyFilter, record: Record<string, unknown>): boolean =>
  Object.entries(filter).every(([key, condition]) => {
    if (condition === undefined) return true;
    if (key === '$and') return (condition as AnyFilter[]).every((sub) => matches(sub, record));
    if (key === '$or') return (condition as AnyFilter[]).some((sub) => matches(sub, record));
    return holds(condition as Condition, record[key]);
  });

const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value) as number | string;
const isMissing = (value: unknown) => value === null || value === undefined;

const holds = (condition: Condition, value: unknown): boolean => {
  if (condition === null) return isMissing(value);
  if (typeof condition !== 'object' || condition instanceof Date) return !isMissing(value) && comparable(condition) === comparable(value);
  if ('$in' in condition) return condition.$in.some((option: Scalar) => holds(option, value));
  if ('$ne' in condition) return !isMissing(value);
  if (isMissing(value)) return false;
  if ('$lt' in condition) return comparable(value) < comparable(condition.$lt);
  if ('$lte' in condition) return comparable(value) <= comparable(condition.$lte);
  return comparable(value) > comparable(condition.$gt);
};
