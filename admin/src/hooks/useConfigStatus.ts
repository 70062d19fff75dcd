import { useInstagramApi } from '../api';
import { useResource } from './useResource';

/** The plugin's configuration summary (any admin may read it). */
export const useConfigStatus = () => {
  const api = useInstagramApi();
  return useResource('config-status', api.getConfigStatus);
};
