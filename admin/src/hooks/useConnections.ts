import { useInstagramApi } from '../api';
import { useResource } from './useResource';

/** Connected Instagram accounts; skipped (empty) without `connections.read`. */
export const useConnections = (canRead: boolean) => {
  const api = useInstagramApi();
  return useResource(canRead ? 'connections' : null, api.listConnections);
};
