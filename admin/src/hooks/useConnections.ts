import { useInstagramApi } from '../api';
import { useRemote } from './useRemote';

/** Connected Instagram accounts; skipped (empty) without `connections.read`. */
export const useConnections = (canRead: boolean) => {
  const api = useInstagramApi();
  return useRemote(canRead ? 'connections' : null, api.listConnections);
};
