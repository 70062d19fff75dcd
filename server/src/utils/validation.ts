import type { z } from 'zod';
import { invalid } from './errors';

const pathOf = (path: ReadonlyArray<PropertyKey>) => (path.length ? path.map(String).join('.') : '(root)');

/** One line per failing field: "encryptionKey: must be ...". */
export const describeZodIssues = (error: z.ZodError, prefix = '') =>
  error.issues.map((issue) => `${prefix}${pathOf(issue.path)}: ${issue.message}`).join('\n');

/**
 * Parses request input and turns a failure into Strapi's ValidationError, which the
 * error middleware answers with 400 and the failing paths under `error.details.errors`.
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.output<S> => {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw invalid(
    result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    `Invalid ${where}: ${pathOf(first.path)}: ${first.message}`
  );
};

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Binds a request schema to its contract (server/src/contracts): it fails to compile when what the schema
 * accepts and what the contract says a client sends drift apart, in either direction.
 */
export const requestSchema =
  <Contract>() =>
  <S extends z.ZodType>(schema: Exactly<z.input<S>, Contract> extends true ? S : S & { readonly schemaDoesNotMatchItsContract: Contract }): S =>
    schema as S;
