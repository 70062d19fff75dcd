import { IN_FLIGHT_STATUSES, type ListPublications, useInstagramApi } from '../api';
import { useResource } from './useResource';

/** The resource key prefix of every publication list: actions invalidate it. */
export const PUBLICATIONS = 'publications';

/**
 * One page of publications for a query; reloads every few seconds while one of them is still on its
 * way (queued, processing, deferred...), so badges move without a reload.
 */
export const usePublications = (query: ListPublications.Query | null, pollMs = 2000) => {
  const api = useInstagramApi();
  const remote = useResource(query ? `${PUBLICATIONS}:${JSON.stringify(query)}` : null, () => api.listPublications(query as ListPublications.Query), {
    pollWhile: (page) => page.data.some((publication) => IN_FLIGHT_STATUSES.includes(publication.status)),
    pollMs,
  });
  const inFlight = Boolean(remote.data?.data.some((publication) => IN_FLIGHT_STATUSES.includes(publication.status)));
  return { ...remote, inFlight };
};
