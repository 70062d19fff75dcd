import type { Account } from '../instagram';
import type { Connection } from '../store/types';

/**
 * "Ask" with a single account connected means that account. The accounts that count are the ones
 * a post could go to now: switched on, healthy, and holding a token.
 */
export const soleActiveConnection = (connections: Connection[]): { connection: Connection } | { missing: 'none' | 'several' } => {
  const active = connections.filter((candidate) => candidate.isActive && candidate.status === 'active' && candidate.accessToken);
  if (active.length === 1) return { connection: active[0] };
  return { missing: active.length === 0 ? 'none' : 'several' };
};

/** The Graph account of a usable connection (callers check it first with unusableReason, which refuses one without a token). */
export const accountOf = (connection: Connection): Account => ({
  host: connection.loginKind,
  igUserId: connection.instagramUserId,
  accessToken: connection.accessToken!,
});
