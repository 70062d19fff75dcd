import { errors } from '@strapi/utils';
import type { z } from 'zod';

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
  throw new errors.ValidationError(`Invalid ${where}: ${pathOf(first.path)}: ${first.message}`, {
    errors: result.error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issue.message,
      name: 'ValidationError',
    })),
  });
};
