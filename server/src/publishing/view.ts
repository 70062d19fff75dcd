import type { Connection, Publication } from '../store/types';
import type { StepState } from './runner';

/** What the admin and API see of a publication: never a token, a lease or the raw step state. */
export interface PublicationView {
  id: string;
  uid: string;
  documentId: string;
  /** The entry's title as the Content Manager shows it; null for an entry deleted since. */
  entryTitle: string | null;
  locale: string | null;
  connectionId: string | null;
  connection: { username: string } | null;
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

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const toView = (publication: Publication, connections: Map<string, Connection>, entryTitle: string | null = null): PublicationView => {
  const connection = publication.connectionId ? connections.get(publication.connectionId) : undefined;
  const state = publication.state as StepState;
  return {
    id: publication.id,
    uid: publication.uid,
    documentId: publication.documentId,
    entryTitle,
    locale: publication.locale,
    connectionId: publication.connectionId,
    connection: connection ? { username: connection.profile.username } : null,
    status: publication.status,
    kind: publication.kind,
    caption: publication.caption,
    trigger: publication.trigger,
    scheduledAt: iso(publication.scheduledAt),
    runAt: publication.runAt.toISOString(),
    attempts: publication.attempts,
    mediaId: publication.mediaId,
    permalink: publication.permalink,
    error: publication.error ? { code: publication.error.code, subcode: publication.error.subcode, message: publication.error.message } : null,
    warnings: [
      ...(Array.isArray(state.warnings) ? state.warnings : []),
      ...(state.permalinkError ? [state.permalinkError] : []),
      ...(state.firstCommentError ? [`First comment: ${state.firstCommentError}`] : []),
    ],
    requestedBy: publication.requestedBy,
    publishedAt: iso(publication.publishedAt),
    createdAt: publication.createdAt.toISOString(),
    updatedAt: publication.updatedAt.toISOString(),
  };
};
