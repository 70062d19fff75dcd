import { useInstagramApi } from '../api';
import { useRemote } from './useRemote';

/** Mappings and the content types that can be mapped; skipped without `settings.manage`. */
export const useSettings = (canManage: boolean) => {
  const api = useInstagramApi();
  return useRemote(canManage ? 'settings' : null, api.getSettings);
};
