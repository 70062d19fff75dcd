import type { ConnectionView } from '../../../server/src/contracts';

/** An account the server accepts to post to right now (the same rule as its `requireConnection`). */
export const isUsable = (connection: ConnectionView): boolean =>
  connection.isActive !== false && (connection.status ?? 'active') === 'active';

export const usableConnections = (connections: ConnectionView[]): ConnectionView[] => connections.filter(isUsable);

/** `@username`, or the Instagram id when the profile has none. */
export const handleOf = (connection: ConnectionView): string => `@${connection.profile.username || connection.instagramUserId}`;

/**
 * What is wrong with the account a mapping names, judged against the loaded connections:
 * `missing` when it was disconnected (no such connection), `unusable` when it must be
 * reconnected first, null when it can post or when the mapping asks the editor each time.
 */
export const mappingAccountProblem = (
  connectionId: string | null | undefined,
  connections: ConnectionView[]
): { kind: 'missing' } | { kind: 'unusable'; connection: ConnectionView } | null => {
  if (!connectionId) return null;
  const connection = connections.find((item) => item.id === connectionId);
  if (!connection) return { kind: 'missing' };
  return isUsable(connection) ? null : { kind: 'unusable', connection };
};

/** The account a post goes to unless the editor picks another: the mapping's, else the only usable one. */
export const defaultAccountId = (connectionId: string | null | undefined, connections: ConnectionView[]): string | null => {
  const usable = usableConnections(connections);
  if (connectionId && usable.some((item) => item.id === connectionId)) return connectionId;
  return usable.length === 1 ? usable[0].id : null;
};
