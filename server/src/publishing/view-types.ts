import type { Publication } from '../store/types';

// Types only, importing nothing but the store's types: the admin imports this file too.

/** What the admin and API see of a publication: never a token, a lease or the raw step state. */
export interface PublicationView {
  id: string;
  uid: string;
  documentId: string;
  /** The entry's title as the Content Manager shows it; null for an entry deleted since. */
  entryTitle: string | null;
  locale: string | null;
  connectionId: string | null;
  /**
   * The account the post went (or goes) to: its current username while connected, else the one
   * recorded on the publication, so a disconnect does not blank the history.
   */
  connection: { username: string; connected: boolean } | null;
  /**
   * True when the admin may not read the entry in the Content Manager: its title, caption,
   * warnings and error text are withheld.
   */
  restricted: boolean;
  status: Publication['status'];
  kind: Publication['kind'];
  caption: string | null;
  trigger: Publication['trigger'];
  scheduledAt: string | null;
  runAt: string;
  attempts: number;
  mediaId: string | null;
  permalink: string | null;
  error: { code: number | null; subcode: number | null; message: string } | null;
  /** Non-fatal notes: renditions made, parts left out, permalink or first comment problems. */
  warnings: string[];
  requestedBy: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
