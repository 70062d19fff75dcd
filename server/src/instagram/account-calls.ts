/**
 * The shape most Graph endpoints share: a call on the Graph host of the login that issued the token,
 * signed with that token, naming the scope it needs. Publishing, and next insights and comments,
 * state only what differs (operation, path, fields, schema); reads are retried by the transport's
 * rule, writes never are (see transport.ts).
 */
import type { z } from 'zod';
import type { Intent } from './request-errors';
import { CALL_SCOPES, type CallNeed, type LoginHost } from './scopes';
import type { Transport } from './transport';

/** An Instagram professional account, acted on with the token of the login that connected it. */
export type Account = { host: LoginHost; igUserId: string; accessToken: string };

/** Whose token signs a call: an account, or during Facebook Login the user or one of their Pages. */
export type TokenHolder = Pick<Account, 'host' | 'accessToken'>;

export interface TokenCall<S extends z.ZodType> {
  operation: string;
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  /** What the call needs from the login's scopes, named in a permission error. */
  needs?: CallNeed;
  intent?: Intent;
  schema: S;
}

/** Ids go into paths: a slash, `?` or `#` in one is escaped, never read as part of the URL. */
export const encodeId = (id: string): string => encodeURIComponent(id);

export const createAccountCalls = ({ request }: Pick<Transport, 'request'>) => {
  const send = <S extends z.ZodType>(holder: TokenHolder, call: TokenCall<S>, method: 'GET' | 'POST' | 'DELETE', retryable: boolean) =>
    request({
      operation: call.operation,
      method,
      host: holder.host === 'instagram' ? 'instagramGraph' : 'facebookGraph',
      path: call.path,
      query: call.query,
      form: call.form,
      bearer: holder.accessToken,
      retryable,
      requiredScopes: call.needs ? CALL_SCOPES[holder.host][call.needs] : undefined,
      intent: call.intent,
      schema: call.schema,
    });

  return {
    /** A GET: safe to repeat, so transient and throttled failures are retried. */
    read: <S extends z.ZodType>(holder: TokenHolder, call: TokenCall<S>) => send(holder, call, 'GET', true),
    /** A POST (or DELETE): never retried, since a repeat could act twice. */
    write: <S extends z.ZodType>(holder: TokenHolder, call: TokenCall<S>, method: 'POST' | 'DELETE' = 'POST') => send(holder, call, method, false),
  };
};

export type AccountCalls = ReturnType<typeof createAccountCalls>;
