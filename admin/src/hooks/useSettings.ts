import { useInstagramApi } from '../api';
import { useResource } from './useResource';

/** Mappings and the content types that can be mapped; skipped without `settings.manage`. */
export const useSettings = (canManage: boolean) => {
  const api = useInstagramApi();
  return useResource(canManage ? 'settings' : null, api.getSettings);
};
