import type { PublicationView } from '../../../server/src/contracts';

/**
 * The account a publication went to, as recorded on it: a disconnect (or a reconnect, which
 * makes a new connection) no longer hides it. `connected: false` when that account is gone.
 */
export const publicationAccount = (publication: Pick<PublicationView, 'connection'>): { handle: string; connected: boolean } | null => {
  const connection = publication.connection;
  if (!connection?.username) return null;
  return { handle: `@${connection.username}`, connected: connection.connected };
};

/** Parts of a one-line summary joined by " · ", leaving out the empty ones (never a leading dot). */
export const joinParts = (parts: Array<string | null | undefined | false>): string => parts.filter(Boolean).join(' · ');
