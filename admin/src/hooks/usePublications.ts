import { IN_FLIGHT_STATUSES, type ListPublications, type PublicationView, useInstagramApi } from '../api';
import { useResource } from './useResource';

/** The resource key prefix of every publication list: actions invalidate it. */
export const PUBLICATIONS = 'publications';

const inFlight = (publication: PublicationView) => IN_FLIGHT_STATUSES.includes(publication.status);

/**
 * One page of publications for a query; reloads every few seconds while one of them is still on its
 * way (queued, processing, deferred...), so badges move without a reload. With `watchPublishedMs`,
 * it also reloads at that pace while a post is live, so its numbers and new comments show (the
 * entry's panel); only while the tab is visible, and never after unmounting.
 */
export const usePublications = (query: ListPublications.Query | null, pollMs = 2000, { watchPublishedMs }: { watchPublishedMs?: number } = {}) => {
  const api = useInstagramApi();
  const remote = useResource(query ? `${PUBLICATIONS}:${JSON.stringify(query)}` : null, () => api.listPublications(query as ListPublications.Query), {
    pollWhile: (page) => page.data.some(inFlight) || Boolean(watchPublishedMs && page.data.some((publication) => publication.status === 'published')),
    pollMs: (page) => (page.data.some(inFlight) || !watchPublishedMs ? pollMs : watchPublishedMs),
  });
  return { ...remote, inFlight: Boolean(remote.data?.data.some(inFlight)) };
};
