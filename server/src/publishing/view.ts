import type { Connection, Publication } from '../store/types';
import type { StepState } from './step-state';
import type { PostCounts, PublicationView } from '../contracts';

export type { PublicationView };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const accountOf = (publication: Publication, live: Connection | undefined): PublicationView['connection'] => {
  if (live?.profile.username) return { username: live.profile.username, connected: true };
  return publication.accountUsername ? { username: publication.accountUsername, connected: Boolean(live) } : null;
};

export const RESTRICTED_MESSAGE = 'Details are hidden: you may not read this entry in the Content Manager.';

/** A view for an admin who may not read the entry: what and where stays, the entry's words go. */
export const restrictView = (view: PublicationView): PublicationView => ({
  ...view,
  restricted: true,
  entryTitle: null,
  caption: null,
  warnings: [],
  error: view.error ? { ...view.error, message: RESTRICTED_MESSAGE } : null,
  // The post's numbers are read through the entry too (GET /publications/:id/insights checks it).
  likeCount: null,
  commentCount: null,
  reachCount: null,
  lastCommentAt: null,
});

/** What the editor (or the end user) should know about a post: preparation warnings, a missing permalink, a failed first comment. */
export const warningsOf = (state: StepState): string[] => [
  ...(Array.isArray(state.warnings) ? state.warnings : []),
  ...(state.permalinkError ? [state.permalinkError] : []),
  ...(state.firstCommentError ? [`First comment: ${state.firstCommentError}`] : []),
];

/** A post's latest numbers as lists show them (contracts PostCounts). */
export const countsView = (publication: Publication): PostCounts => ({
  likeCount: publication.likeCount,
  commentCount: publication.commentCount,
  reachCount: publication.reachCount,
  lastCommentAt: iso(publication.lastCommentAt),
});

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
    connection: accountOf(publication, connection),
    restricted: false,
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
    warnings: warningsOf(state),
    requestedBy: publication.requestedBy,
    publishedAt: iso(publication.publishedAt),
    ...countsView(publication),
    createdAt: publication.createdAt.toISOString(),
    updatedAt: publication.updatedAt.toISOString(),
  };
};
