import { type ListEndUserConnections, useInstagramApi } from '../api';
import { useResource } from './useResource';

/** One page of the app users' connections (support view); skipped without `end-users.manage` (query null). */
export const useEndUserConnections = (query: ListEndUserConnections.Query | null) => {
  const api = useInstagramApi();
  return useResource(query ? `end-user-connections:${JSON.stringify(query)}` : null, () => api.listEndUserConnections(query ?? {}));
};
