import type { Connection, Publication } from '../store/types';
import type { StepState } from './runner';
import type { PublicationView } from './view-types';

export type { PublicationView };

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
