import { useInstagramApi } from '../api';
import { useRemote } from './useRemote';

/** The plugin's configuration summary (any admin may read it). */
export const useConfigStatus = () => {
  const api = useInstagramApi();
  return useRemote('config-status', api.getConfigStatus);
};
