import { useInstagramApi } from '../api';
import { useResource } from './useResource';

/**
 * A published post's latest numbers (GET /publications/:id/insights). `revision` names what the
 * caller saw of the post (its counts and last comment): when it moves, the numbers are read again,
 * and the previous ones stay on screen meanwhile.
 */
export const usePublicationInsights = (id: string | null, revision = '') => {
  const api = useInstagramApi();
  return useResource(id ? `insights:${id}:${revision}` : null, () => api.getPublicationInsights(id as string));
};
