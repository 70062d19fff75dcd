import { IN_FLIGHT_STATUSES, type PublicationQuery, useInstagramApi } from '../api';
import { usePolling } from './usePolling';
import { useRemote } from './useRemote';

/**
 * One page of publications for a query; reloads every few seconds while one of them is
 * still on its way (queued, processing, deferred...), so badges move without a reload.
 */
export const usePublications = (query: PublicationQuery | null, pollMs = 2000) => {
  const api = useInstagramApi();
  const key = query ? JSON.stringify(query) : null;
  const remote = useRemote(key, () => api.listPublications(query as PublicationQuery));
  const inFlight = Boolean(remote.data?.data.some((publication) => IN_FLIGHT_STATUSES.includes(publication.status)));
  usePolling(inFlight && !remote.error, remote.refetch, pollMs);
  return { ...remote, inFlight };
};
